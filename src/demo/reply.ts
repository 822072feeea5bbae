/** The demo API's plain request/reply shapes and the helpers every route uses. No I/O here. */
import type { IncomingHttpHeaders } from 'node:http';

/** What a route sees of a request: already read, already routed. */
export interface DemoRequest {
  method: string;
  /** The decoded-free pathname, e.g. `/v1/customers/42`. */
  path: string;
  query: URLSearchParams;
  /** Lower-cased names, as node:http gives them. */
  headers: IncomingHttpHeaders;
  /** The request body as text ('' when none). */
  rawBody: string;
  /** The route pattern's captures, URL-decoded. */
  params: string[];
}

/** What a route answers. `body` is sent as JSON; undefined sends no body. */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** The JSON error body every demo endpoint uses: `{ "error": { "message": … } }`. */
export function errorReply(status: number, message: string, extra: Record<string, unknown> = {}, headers?: Record<string, string>): Reply {
  return { status, headers, body: { error: { message, ...extra } } };
}

/** A 401 with the `WWW-Authenticate` challenge the scheme calls for. */
export function unauthorized(challenge: string, message: string): Reply {
  return errorReply(401, message, {}, { 'WWW-Authenticate': challenge });
}

export function header(req: DemoRequest, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v.join(', ') : v;
}

/** The body parsed as JSON, or a 400/415 reply saying why it could not be. */
export function jsonBody(req: DemoRequest): { value: unknown } | { reply: Reply } {
  const type = (header(req, 'content-type') ?? '').toLowerCase();
  if (!type.includes('json')) {
    return { reply: errorReply(415, `send the body as JSON (Content-Type: application/json), not "${type || 'none'}"`) };
  }
  try {
    return { value: JSON.parse(req.rawBody) as unknown };
  } catch {
    return { reply: errorReply(400, 'the body is not valid JSON') };
  }
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A field problem for 422 answers. */
export interface FieldProblem {
  field: string;
  message: string;
}

export function invalid(what: string, problems: FieldProblem[]): Reply {
  return errorReply(422, `${what} is invalid: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`, { fields: problems });
}
