/** The shape of one demo endpoint and what route factories receive. */
import type { AuthCheck } from './auth';
import type { DemoRequest, Reply } from './reply';
import type { TokenStore } from './tokens';

export interface Route {
  method: string;
  /** Anchored pattern on the pathname; captures become `req.params`. */
  path: RegExp;
  /** One line for the `GET /` index: what it is and which auth it wants. */
  summary: string;
  /**
   * The API the endpoint belongs to (`crm`, `shop`, …): gives it `X-RateLimit-*` headers and the
   * `?fail=` / `X-Demo-Fail` switch. Undefined for the token endpoint and the hooks receiver.
   */
  api?: string;
  auth?: AuthCheck;
  handle(req: DemoRequest): Reply;
}

/** What every route factory gets; each factory keeps its own state in its closure. */
export interface RouteContext {
  now(): number;
  tokens: TokenStore;
}

/** `2026-03-01T10:00:00.000Z` for the context's clock. */
export function isoNow(ctx: RouteContext): string {
  return new Date(ctx.now()).toISOString();
}
