/**
 * Real credential checks for the demo API: each returns undefined when the request may pass, or
 * the 401 (or 403) reply to send. Comparisons are constant-time.
 */
import { timingSafeEqual } from 'node:crypto';
import { header, unauthorized, errorReply, type DemoRequest, type Reply } from './reply';
import type { TokenStore } from './tokens';

export type AuthCheck = (req: DemoRequest) => Reply | undefined;

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** `Authorization: Bearer <expected>`. */
export function bearer(expected: string, realm: string): AuthCheck {
  return (req) => {
    const h = header(req, 'authorization');
    if (!h) return unauthorized(`Bearer realm="${realm}"`, 'missing Authorization header: send "Bearer <token>"');
    const m = /^Bearer\s+(.+)$/i.exec(h);
    if (!m || !safeEqual(m[1].trim(), expected)) {
      return unauthorized(`Bearer realm="${realm}", error="invalid_token"`, 'the bearer token is invalid or revoked');
    }
    return undefined;
  };
}

/** An API key in a header (`in: header`). */
export function apiKeyHeader(name: string, expected: string, realm: string): AuthCheck {
  return (req) => {
    const v = header(req, name);
    if (v === undefined) return unauthorized(`ApiKey realm="${realm}", header="${name}"`, `missing API key: send it in the ${name} header`);
    if (!safeEqual(v, expected)) return unauthorized(`ApiKey realm="${realm}", header="${name}"`, 'the API key is invalid');
    return undefined;
  };
}

/** An API key in the query string (`in: query`). */
export function apiKeyQuery(name: string, expected: string, realm: string): AuthCheck {
  return (req) => {
    const v = req.query.get(name);
    if (v === null) return unauthorized(`ApiKey realm="${realm}", query="${name}"`, `missing API key: send it as the "${name}" query parameter`);
    if (!safeEqual(v, expected)) return unauthorized(`ApiKey realm="${realm}", query="${name}"`, 'the API key is invalid');
    return undefined;
  };
}

/** Decodes `Authorization: Basic …` into user and password, or undefined. */
export function parseBasic(req: DemoRequest): { user: string; password: string } | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header(req, 'authorization') ?? '');
  if (!m) return undefined;
  const text = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 0) return undefined;
  return { user: text.slice(0, colon), password: text.slice(colon + 1) };
}

/** HTTP Basic with one user. */
export function basic(user: string, password: string, realm: string): AuthCheck {
  return (req) => {
    const got = parseBasic(req);
    if (!got) return unauthorized(`Basic realm="${realm}", charset="UTF-8"`, 'missing or malformed Basic credentials');
    if (!safeEqual(got.user, user) || !safeEqual(got.password, password)) {
      return unauthorized(`Basic realm="${realm}", charset="UTF-8"`, 'wrong user name or password');
    }
    return undefined;
  };
}

/** A set of custom headers that must all be present with these values. */
export function customHeaders(expected: Record<string, string>, realm: string): AuthCheck {
  const names = Object.keys(expected);
  return (req) => {
    const missing = names.filter((n) => header(req, n) === undefined);
    if (missing.length) return unauthorized(`Headers realm="${realm}"`, `missing header(s): ${missing.join(', ')}`);
    const wrong = names.filter((n) => !safeEqual(header(req, n) ?? '', expected[n]));
    if (wrong.length) return unauthorized(`Headers realm="${realm}"`, `wrong value in header(s): ${wrong.join(', ')}`);
    return undefined;
  };
}

/** A bearer token issued by the demo OAuth2 endpoint, unexpired, carrying `scope`. */
export function oauthBearer(tokens: TokenStore, scope: string, realm: string): AuthCheck {
  return (req) => {
    const m = /^Bearer\s+(.+)$/i.exec(header(req, 'authorization') ?? '');
    if (!m) return unauthorized(`Bearer realm="${realm}"`, 'missing Authorization header: get a token from /oauth/token');
    const found = tokens.check(m[1].trim());
    if (found === 'expired') return unauthorized(`Bearer realm="${realm}", error="invalid_token", error_description="expired"`, 'the access token has expired');
    if (!found) return unauthorized(`Bearer realm="${realm}", error="invalid_token"`, 'the access token is unknown');
    if (!found.scopes.includes(scope)) {
      return errorReply(403, `the token lacks the "${scope}" scope`, {}, { 'WWW-Authenticate': `Bearer realm="${realm}", error="insufficient_scope", scope="${scope}"` });
    }
    return undefined;
  };
}
