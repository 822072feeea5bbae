/**
 * The loopback server behind one fixture test (127.0.0.1, port 0). Every request that is not a token
 * request consumes the next fixture response; requests to the `tokenUrl` (same host and path) get
 * `tokenResponse` (default: a valid bearer token). Every request is recorded.
 *
 * `response:` (singular) is a one-entry list with one exception: after it answered 401 and the run
 * fetched a new token, it answers again (the OAuth2 refresh-and-retry of docs/reference.md#auth needs
 * the same answer twice). `responses:` never repeats. Running out answers 599 and records a
 * problem, which fails the test with a message that names the request.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { FixtureResponse, JsonValue } from '../model';
import { parseDuration } from '../units';

export const DEFAULT_TOKEN_RESPONSE: FixtureResponse = {
  status: 200,
  body: { access_token: 'fixture-access-token', token_type: 'Bearer', expires_in: 3600 },
};

/** Status of the answer when the test has no response left (or a fixture cannot be sent). */
export const FIXTURE_FAILURE_STATUS = 599;

export interface FixtureRequestRecord {
  kind: 'api' | 'token';
  /** `http://host` or, when the transport told us, the origin the engine asked for. */
  origin: string;
  host: string;
  method: string;
  /** Path and query as received. */
  path: string;
  /** Lower-cased names. */
  headers: Record<string, string>;
  body: string;
}

export interface FixtureServerOptions {
  responses: FixtureResponse[];
  /** True when the test wrote `response:` (see the file comment). */
  single?: boolean;
  tokenResponse?: FixtureResponse;
  /** The resolved `auth.tokenUrl`, when the integration uses OAuth2. */
  tokenEndpoint?: { host: string; path: string };
  /** Virtual delay: 'timeout' when the exchange timer fired instead of the answer. */
  delay?(ms: number): 'timeout' | 'answer';
  /** Maps a Host header to the origin the engine asked for. */
  originOf?(host: string): string;
}

export interface FixtureServer {
  port: number;
  /** The requests received since the server was started or last re-armed. */
  readonly requests: FixtureRequestRecord[];
  /** Fixture problems found while serving (running out of responses, an unsendable fixture). */
  readonly problems: string[];
  /** How many fixture responses were consumed. */
  readonly served: number;
  /**
   * Swaps the whole plan for the next test: its responses, token endpoint and delays, with a new
   * request log, problem list and counters. The lists of the previous plan are left as they were
   * (a finished test keeps them). Connections stay open (keep-alive), no state of the plan does.
   */
  rearm(options: FixtureServerOptions): void;
  close(): Promise<void>;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((k) => k.toLowerCase() === name);
}

/** Writes a fixture response; throws (RangeError, TypeError) when a status or header cannot be sent. */
function send(res: ServerResponse, f: FixtureResponse): void {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(f.headers ?? {})) headers[k] = String(v);
  let body = '';
  const value = f.body as JsonValue | undefined;
  if (value !== undefined && value !== null && typeof value === 'object') {
    body = JSON.stringify(value);
    if (!hasHeader(headers, 'content-type')) headers['Content-Type'] = 'application/json';
  } else if (value !== undefined && value !== null) {
    body = String(value);
    if (!hasHeader(headers, 'content-type')) headers['Content-Type'] = 'text/plain; charset=utf-8';
  }
  const status = f.status ?? 200;
  res.writeHead(status, headers);
  res.end(body);
}

function fail(res: ServerResponse, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(FIXTURE_FAILURE_STATUS, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(`ion fixture: ${message}`);
}

/** Everything one test's plan owns: replaced as a whole by `rearm`. */
interface Armed {
  options: FixtureServerOptions;
  requests: FixtureRequestRecord[];
  problems: string[];
  served: number;
  apiRequests: number;
  lastStatus: number | undefined;
  tokensSinceLast: number;
}

function armed(options: FixtureServerOptions): Armed {
  return { options, requests: [], problems: [], served: 0, apiRequests: 0, lastStatus: undefined, tokensSinceLast: 0 };
}

function pick(a: Armed): FixtureResponse | undefined {
  const { responses, single } = a.options;
  const total = responses.length;
  if (a.served < total) return responses[a.served++];
  if (single && total === 1 && a.lastStatus === 401 && a.tokensSinceLast > 0) return responses[0];
  return undefined;
}

function handle(a: Armed, req: IncomingMessage, res: ServerResponse, body: string): void {
  const { options } = a;
  const host = req.headers.host ?? '';
  const path = req.url ?? '/';
  const pathname = path.split('?')[0];
  const te = options.tokenEndpoint;
  const kind: FixtureRequestRecord['kind'] = te && te.host === host && te.path === pathname ? 'token' : 'api';
  a.requests.push({ kind, origin: options.originOf?.(host) ?? `http://${host}`, host, method: req.method ?? 'GET', path, headers: flatHeaders(req), body });

  let fixture: FixtureResponse | undefined;
  if (kind === 'token') {
    a.tokensSinceLast += 1;
    fixture = options.tokenResponse ?? DEFAULT_TOKEN_RESPONSE;
  } else {
    a.apiRequests += 1;
    fixture = pick(a);
    if (!fixture) {
      const message = `the run made request #${a.apiRequests} (${req.method} ${path}) but the test has ${plural(options.responses.length, 'response')}`;
      a.problems.push(message);
      fail(res, message);
      return;
    }
    a.lastStatus = fixture.status ?? 200;
    a.tokensSinceLast = 0;
  }

  if (fixture.delay !== undefined) {
    const ms = parseDuration(fixture.delay);
    if (ms === undefined) {
      const message = `fixture delay ${JSON.stringify(fixture.delay)} is not a duration such as 5s`;
      a.problems.push(message);
      fail(res, message);
      return;
    }
    if (options.delay?.(ms) === 'timeout') {
      // The engine gave up (virtually) before this answer: it has already aborted the exchange.
      res.destroy();
      return;
    }
  }
  try {
    send(res, fixture);
  } catch (e) {
    const message = `the fixture response cannot be sent: ${(e as Error).message}`;
    a.problems.push(message);
    fail(res, message);
  }
}

export async function startFixtureServer(options: FixtureServerOptions): Promise<FixtureServer> {
  const sockets = new Set<Socket>();
  let current = armed(options);

  const server = createServer((req, res) => {
    // The plan in force when the request arrived answers it, even if its body ends later.
    const a = current;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(a, req, res, chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => res.destroy());
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    get requests() {
      return current.requests;
    },
    get problems() {
      return current.problems;
    },
    get served() {
      return current.served;
    },
    rearm(next: FixtureServerOptions) {
      current = armed(next);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
