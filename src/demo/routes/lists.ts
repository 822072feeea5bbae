/**
 * Paged lists, for `paginate:` (README "Pagination"):
 * - `GET /v1/customers?page=N&per_page=M` (bearer demo-token): GitHub-style, the items as the body
 *   (an array) and the pages in a `Link` header (`next`, `prev`, `first`, `last`, absolute URLs).
 * - `GET /v1/charges?limit=N&starting_after=ID` (payments headers): Stripe-style,
 *   `{ object: "list", data, has_more, url }`, the next page after the last id seen.
 */
import { bearer, customHeaders } from '../auth';
import { DEMO_CREDENTIALS } from '../credentials';
import { errorReply, type DemoRequest } from '../reply';
import type { Route, RouteContext } from '../route';

const NAMES = ['Ada Lovelace', 'Grace Hopper', 'Alan Turing', 'Katherine Johnson', 'Edsger Dijkstra', 'Barbara Liskov', 'Donald Knuth', 'Frances Allen', 'John Backus', 'Margaret Hamilton', 'Tony Hoare'];

/** 23 customers: ids 1..23, every third inactive. */
export const LIST_CUSTOMERS = Array.from({ length: 23 }, (_, i) => ({
  id: i + 1,
  name: `${NAMES[i % NAMES.length]}${i >= NAMES.length ? ` ${Math.floor(i / NAMES.length) + 1}` : ''}`,
  is_active: (i + 1) % 3 !== 0,
}));

/** 25 charges: `ch_001`..`ch_025`, amounts in cents. */
export const LIST_CHARGES = Array.from({ length: 25 }, (_, i) => ({
  id: `ch_${String(i + 1).padStart(3, '0')}`,
  object: 'charge',
  amount: 1000 + ((i * 737) % 9000),
  currency: 'eur',
  status: i % 7 === 6 ? 'failed' : 'succeeded',
}));

function intParam(req: DemoRequest, name: string, dflt: number, min: number, max: number): number | undefined {
  const raw = req.query.get(name);
  if (raw === null) return dflt;
  if (!/^\d{1,6}$/.test(raw)) return undefined;
  const n = Number(raw);
  return n >= min && n <= max ? n : undefined;
}

/** The URL of this list with `page` set, absolute against the Host the client used (as GitHub does). */
function pageUrl(req: DemoRequest, page: number, perPage: number): string {
  const host = typeof req.headers.host === 'string' ? req.headers.host : '127.0.0.1';
  return `http://${host}${req.path}?page=${page}&per_page=${perPage}`;
}

export function listRoutes(_ctx: RouteContext): Route[] {
  return [
    {
      method: 'GET',
      path: /^\/v1\/customers$/,
      summary: 'CRM customers, GitHub-style pages: ?page=&per_page= (default 10, max 100), a Link header (bearer demo-token)',
      api: 'crm',
      auth: bearer(DEMO_CREDENTIALS.bearerToken, 'demo-crm'),
      handle(req) {
        const page = intParam(req, 'page', 1, 1, 100_000);
        const perPage = intParam(req, 'per_page', 10, 1, 100);
        if (page === undefined || perPage === undefined) return errorReply(400, 'page must be ≥ 1 and per_page 1-100');
        const last = Math.max(1, Math.ceil(LIST_CUSTOMERS.length / perPage));
        const links: string[] = [];
        if (page < last) links.push(`<${pageUrl(req, page + 1, perPage)}>; rel="next"`, `<${pageUrl(req, last, perPage)}>; rel="last"`);
        if (page > 1) links.push(`<${pageUrl(req, 1, perPage)}>; rel="first"`, `<${pageUrl(req, page - 1, perPage)}>; rel="prev"`);
        return { status: 200, headers: links.length ? { Link: links.join(', ') } : {}, body: LIST_CUSTOMERS.slice((page - 1) * perPage, page * perPage) };
      },
    },
    {
      method: 'GET',
      path: /^\/v1\/charges$/,
      summary: 'Payments charges, Stripe-style cursor: ?limit= (default 10, max 100)&starting_after=ID, { data, has_more } (payments headers)',
      api: 'payments',
      auth: customHeaders({ 'X-Account-Id': DEMO_CREDENTIALS.paymentsAccount, 'X-Api-Secret': DEMO_CREDENTIALS.paymentsSecret }, 'demo-payments'),
      handle(req) {
        const limit = intParam(req, 'limit', 10, 1, 100);
        if (limit === undefined) return errorReply(400, 'limit must be 1-100');
        const after = req.query.get('starting_after');
        let start = 0;
        if (after !== null) {
          const i = LIST_CHARGES.findIndex((c) => c.id === after);
          if (i < 0) return errorReply(400, `no such charge: ${JSON.stringify(after)}`, { code: 'resource_missing', param: 'starting_after' });
          start = i + 1;
        }
        const data = LIST_CHARGES.slice(start, start + limit);
        return { status: 200, body: { object: 'list', url: '/v1/charges', has_more: start + limit < LIST_CHARGES.length, data } };
      },
    },
  ];
}
