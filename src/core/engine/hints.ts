/**
 * Hints for a person, from the one table in errors.ts, quoting what the server said when it helps:
 * Retry-After, rate-limit headers, the error message of a JSON body, WWW-Authenticate. Masked by the caller.
 */
import { ERROR_INFO, type ErrorCode } from '../errors';
import type { HttpResponse } from '../http/send';
import { parseJsonObject } from '../json';

const MAX_QUOTE = 300;

function clip(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > MAX_QUOTE ? `${one.slice(0, MAX_QUOTE)}…` : one;
}

/** The message a JSON error body carries: `error.message`, `message`, `error_description`, `error`, `errors[0].message`, `detail`, `title`. */
export function serverMessage(body: string, contentType = ''): string | undefined {
  const trimmed = body.trim();
  if (!trimmed || trimmed.length > 1_000_000) return undefined;
  if (!(trimmed.startsWith('{') || contentType.includes('json'))) return undefined;
  const o = parseJsonObject(trimmed);
  if (!o) return undefined;
  const err = o.error;
  const candidates: unknown[] = [
    err && typeof err === 'object' ? (err as Record<string, unknown>).message : undefined,
    o.message,
    o.error_description,
    typeof err === 'string' ? err : undefined,
    Array.isArray(o.errors) && o.errors[0] && typeof o.errors[0] === 'object' ? (o.errors[0] as Record<string, unknown>).message : undefined,
    o.detail,
    o.title,
  ];
  const found = candidates.find((c): c is string => typeof c === 'string' && c.trim() !== '');
  return found === undefined ? undefined : clip(found);
}

/** What the server said that helps with `code`, as short sentences. */
export function serverSaid(code: ErrorCode, response: HttpResponse | undefined): string[] {
  if (!response) return [];
  const h = response.headers;
  const out: string[] = [];
  const msg = serverMessage(response.body.toString('utf8'), h['content-type']);
  if (msg) out.push(`The server said: "${msg}".`);
  if (h['www-authenticate'] && (code === 'auth_failed' || code === 'forbidden')) out.push(`WWW-Authenticate: ${clip(h['www-authenticate'])}.`);
  if (h['retry-after'] && (code === 'rate_limited' || code === 'server_error')) out.push(`Retry-After: ${clip(h['retry-after'])}.`);
  const limits = Object.entries(h)
    .filter(([k]) => /^(x-)?ratelimit-/.test(k) || k === 'x-rate-limit-remaining' || k === 'x-rate-limit-reset')
    .map(([k, v]) => `${k}: ${clip(v)}`);
  if (limits.length > 0 && (code === 'rate_limited' || code === 'forbidden')) out.push(`Rate limit: ${limits.join(', ')}.`);
  const aws = code === 'forbidden' || code === 'auth_failed' || code === 'client_error' ? awsSigningHint(response.body.toString('utf8')) : undefined;
  if (aws) out.push(aws);
  return out;
}

/** AWS's answers to a request it could not verify (JSON or S3's XML), and what to check. */
function awsSigningHint(body: string): string | undefined {
  if (/SignatureDoesNotMatch|signature we calculated does not match/i.test(body)) {
    return 'AWS could not verify the signature: check `auth.region`, `auth.service` (the signing name, such as `execute-api` for API Gateway) and the secret access key.';
  }
  if (/RequestTimeTooSkewed|Signature expired|InvalidSignatureException.*(date|time)/i.test(body)) {
    return "AWS refused the request's date: set this machine's clock (NTP); a signature is valid for 5 minutes.";
  }
  return undefined;
}

/** The table's hint for `code`, followed by what the server said. */
export function hintFor(code: ErrorCode, response?: HttpResponse, base?: string): string {
  return [base ?? ERROR_INFO[code].hint, ...serverSaid(code, response)].join(' ');
}
