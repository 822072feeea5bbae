/**
 * The bundled demo API: every endpoint the files in `examples/` call, with their auth checked for
 * real. Plain `node:http`, no dependencies, no `vscode`. Listens on 127.0.0.1 (port 0 by default).
 *
 * Shared by every `/v1/…` endpoint: `X-RateLimit-*` headers; `?fail=1` or `X-Demo-Fail: 1` answers
 * 500 (or `fail=503`, any 5xx) after the auth check, to try error paths; JSON error bodies
 * `{ "error": { "message": … } }`; `GET /` lists the endpoints.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { staticSecretValues } from './credentials';
import { RateLimiter } from './ratelimit';
import { Redactor } from './redact';
import { errorReply, type DemoRequest, type Reply } from './reply';
import type { Route, RouteContext } from './route';
import { TokenStore } from './tokens';
import { accountingRoutes } from './routes/accounting';
import { carrierRoutes } from './routes/carrier';
import { catalogRoutes } from './routes/catalog';
import { crmRoutes } from './routes/crm';
import { hooksRoutes, type Notification } from './routes/hooks';
import { inventoryRoutes } from './routes/inventory';
import { listRoutes } from './routes/lists';
import { oauthRoutes } from './routes/oauth';
import { paymentsRoutes } from './routes/payments';
import { shopRoutes } from './routes/shop';
import { weatherRoutes } from './routes/weather';

export type { Notification } from './routes/hooks';

export interface DemoServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** One line per request (`GET /v1/customers/42 → 429`), credentials masked. */
  log?: (line: string) => void;
  /** Milliseconds since the epoch; injectable so token expiry and rate windows are testable. */
  now?: () => number;
  /** Access-token lifetime for the OAuth2 endpoint (default 60 s: short, so caching shows). */
  tokenTtlSeconds?: number;
  /** Requests per minute per API before a 429 (default 100). */
  rateLimit?: number;
}

/** One request as the server saw it, credentials masked. */
export interface RecordedRequest {
  at: string;
  method: string;
  path: string;
  query: Record<string, string>;
  /** Lower-cased names; credential headers show only their scheme. */
  headers: Record<string, string>;
  body: string;
  status: number;
}

export interface DemoServer {
  url: string;
  port: number;
  close(): Promise<void>;
  /** Every request so far, oldest first (the latest 10 000 are kept). */
  requests: RecordedRequest[];
  /** What `POST /hooks/notify` received. */
  notifications: Notification[];
}

const MAX_BODY_BYTES = 1024 * 1024;
const MAX_RECORDED = 10_000;

/** `fail=1` / `X-Demo-Fail: 503`: the status to simulate, an error reply for a bad value, or undefined. */
function failSwitch(req: DemoRequest): number | Reply | undefined {
  const raw = req.query.get('fail') ?? req.headers['x-demo-fail'];
  if (raw === undefined || raw === null) return undefined;
  const v = String(raw).trim();
  if (v === '1' || v === 'true') return 500;
  if (/^5\d\d$/.test(v)) return Number(v);
  return errorReply(400, 'the fail switch (?fail= or X-Demo-Fail) takes 1, true or a 5xx status');
}

export function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const { port = 0, host = '127.0.0.1', log } = options;
  const now = options.now ?? Date.now;
  const tokens = new TokenStore(now, options.tokenTtlSeconds ?? 60);
  const limiter = new RateLimiter(now, options.rateLimit ?? 100);
  const redactor = new Redactor(() => [...staticSecretValues(), ...tokens.values()]);
  const ctx: RouteContext = { now, tokens };
  const notifications: Notification[] = [];
  const requests: RecordedRequest[] = [];
  const routes: Route[] = [
    ...crmRoutes(ctx),
    ...shopRoutes(ctx),
    ...weatherRoutes(ctx),
    ...inventoryRoutes(ctx),
    ...paymentsRoutes(ctx),
    ...oauthRoutes(ctx),
    ...carrierRoutes(ctx),
    ...accountingRoutes(ctx),
    ...hooksRoutes(ctx, notifications),
    ...listRoutes(ctx),
    ...catalogRoutes(ctx),
  ];

  function dispatch(req: DemoRequest): Reply {
    if (req.method === 'GET' && req.path === '/') {
      return { status: 200, body: { name: 'Gateway Ion demo API', endpoints: routes.map((r) => `${r.method} ${r.path.source.replace(/^\^|\$$/g, '').replace(/\\\//g, '/')}  ${r.summary}`) } };
    }
    const onPath = routes.filter((r) => r.path.test(req.path));
    if (onPath.length === 0) return errorReply(404, `no endpoint ${req.path}: GET / lists them`);
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    const route = onPath.find((r) => r.method === method);
    if (!route) {
      const allow = [...new Set(onPath.map((r) => r.method))].join(', ');
      return errorReply(405, `${req.method} is not allowed on ${req.path} (allowed: ${allow})`, {}, { Allow: allow });
    }
    const m = route.path.exec(req.path) ?? [];
    req.params = m.slice(1).map((p) => decodeURIComponent(p));
    const denied = route.auth?.(req);
    if (denied) return denied;
    if (!route.api) return route.handle(req);
    const rate = limiter.take(route.api);
    if (!rate.allowed) return errorReply(429, `rate limit of ${limiter.limit} requests a minute exceeded`, {}, rate.headers);
    const fail = failSwitch(req);
    const reply =
      typeof fail === 'number'
        ? errorReply(fail, `simulated ${fail} (fail switch)`, { code: 'simulated_failure' }, fail === 503 ? { 'Retry-After': '1' } : undefined)
        : (fail ?? route.handle(req));
    return { ...reply, headers: { ...rate.headers, ...reply.headers } };
  }

  function answer(res: ServerResponse, reply: Reply): void {
    const headers: Record<string, string> = { ...reply.headers };
    let payload: string | undefined;
    if (reply.body !== undefined && reply.status !== 204 && reply.status !== 304) {
      payload = JSON.stringify(reply.body);
      headers['Content-Type'] = 'application/json; charset=utf-8';
      headers['Content-Length'] = String(Buffer.byteLength(payload));
    }
    res.writeHead(reply.status, headers);
    res.end(payload);
  }

  function record(req: DemoRequest, status: number): void {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (v !== undefined) headers[k] = redactor.header(k, Array.isArray(v) ? v.join(', ') : v);
    }
    const query: Record<string, string> = {};
    for (const [k, v] of req.query) query[k] = redactor.text(v);
    const entry: RecordedRequest = { at: new Date(now()).toISOString(), method: req.method, path: req.path, query, headers, body: redactor.text(req.rawBody), status };
    requests.push(entry);
    if (requests.length > MAX_RECORDED) requests.splice(0, requests.length - MAX_RECORDED);
    if (log) {
      const qs = new URLSearchParams(query).toString().replace(/%2A%2A%2A/g, '***');
      log(`${entry.method} ${entry.path}${qs ? `?${qs}` : ''} → ${status}`);
    }
  }

  function onRequest(raw: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    raw.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    raw.on('error', () => res.destroy());
    raw.on('end', () => {
      const target = raw.url ?? '/';
      let url: URL | undefined;
      try {
        if (target.startsWith('/')) url = new URL(`http://demo.invalid${target}`);
      } catch {
        url = undefined;
      }
      const req: DemoRequest = {
        method: raw.method ?? 'GET',
        path: url?.pathname ?? target,
        query: url?.searchParams ?? new URLSearchParams(),
        headers: raw.headers,
        rawBody: tooLarge ? '' : Buffer.concat(chunks).toString('utf8'),
        params: [],
      };
      let reply: Reply;
      if (!url) reply = errorReply(400, 'the request target must be a path starting with /');
      else if (tooLarge) reply = errorReply(413, `the body is larger than ${MAX_BODY_BYTES} bytes`);
      else {
        try {
          reply = dispatch(req);
        } catch (e) {
          // A malformed %-escape in the path is the client's fault; anything else is ours.
          reply = e instanceof URIError ? errorReply(400, 'the path has a malformed %-escape') : errorReply(500, 'internal demo server error');
        }
      }
      record(req, reply.status);
      answer(res, reply);
    });
  }

  const server = createServer(onRequest);
  let closing: Promise<void> | undefined;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const actual = (server.address() as AddressInfo).port;
      const shownHost = host.includes(':') ? `[${host}]` : host;
      resolve({
        url: `http://${shownHost}:${actual}`,
        port: actual,
        requests,
        notifications,
        close: () =>
          (closing ??= new Promise<void>((done, fail) => {
            server.close((err) => (err ? fail(err) : done()));
            server.closeAllConnections();
          })),
      });
    });
  });
}
