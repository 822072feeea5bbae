/**
 * Catalog (README "Caching responses", "GraphQL", "Deprecation and sunset warnings"), bearer
 * `demo-token`:
 * - `POST /graphql`: a tiny hand-written resolver for one query shape, `product(id: ID!)`, with the
 *   requested fields of `id name price currency stock`; an unknown id answers 200 with `errors`.
 * - `GET /v1/catalog/categories`: `ETag` and `Last-Modified`, and `304` to a matching
 *   `If-None-Match` / `If-Modified-Since`.
 * - `GET /v1/catalog/prices`: the old prices endpoint, sent with `Deprecation`, `Sunset` and a
 *   `Link rel="deprecation"`.
 */
import { bearer } from '../auth';
import { DEMO_CREDENTIALS } from '../credentials';
import { errorReply, header, isObject, jsonBody, type DemoRequest, type Reply } from '../reply';
import type { Route, RouteContext } from '../route';

const PRODUCTS: Record<string, Record<string, string | number>> = {
  'p-1': { id: 'p-1', name: 'Espresso beans 1kg', price: 24.5, currency: 'EUR', stock: 120 },
  'p-2': { id: 'p-2', name: 'Milk jug 600ml', price: 12, currency: 'EUR', stock: 0 },
  'p-3': { id: 'p-3', name: 'Tamper 58mm', price: 31.9, currency: 'EUR', stock: 14 },
};
const FIELDS = ['id', 'name', 'price', 'currency', 'stock'];

const CATEGORIES = [
  { id: 'coffee', name: 'Coffee', products: 42 },
  { id: 'equipment', name: 'Equipment', products: 17 },
  { id: 'accessories', name: 'Accessories', products: 63 },
];
/** The categories' version: fixed, so a client's ETag stays valid between demo restarts. */
const CATEGORIES_ETAG = '"categories-v3"';
const CATEGORIES_MODIFIED = 'Mon, 02 Mar 2026 09:00:00 GMT';

/** `Deprecation: @<epoch>` (RFC 9745) and `Sunset` (RFC 8594, an HTTP-date). */
const PRICES_DEPRECATED_AT = Date.UTC(2026, 0, 1) / 1000;
const PRICES_SUNSET = 'Thu, 31 Dec 2026 23:59:59 GMT';

function graphql(req: DemoRequest): Reply {
  const parsed = jsonBody(req);
  if ('reply' in parsed) return parsed.reply;
  const body = parsed.value;
  if (!isObject(body) || typeof body.query !== 'string') return errorReply(400, 'send { "query": "…", "variables": { … } } as JSON');
  const query = body.query;
  const selection = /product\s*\(\s*id\s*:\s*(?:\$(\w+)|"([^"]*)")\s*\)\s*\{([^}]*)\}/.exec(query);
  if (!selection) {
    return { status: 200, body: { errors: [{ message: 'this demo answers one query shape: product(id: $id) { id name price currency stock }', locations: [{ line: 1, column: 1 }] }] } };
  }
  const variables = isObject(body.variables) ? body.variables : {};
  const id = selection[1] !== undefined ? variables[selection[1]] : selection[2];
  const fields = selection[3].split(/[\s,]+/).filter(Boolean);
  const unknown = fields.find((f) => !FIELDS.includes(f));
  if (unknown) return { status: 200, body: { errors: [{ message: `Cannot query field "${unknown}" on type "Product".`, path: ['product', unknown] }] } };
  const product = typeof id === 'string' ? PRODUCTS[id] : undefined;
  if (!product) {
    return { status: 200, body: { data: { product: null }, errors: [{ message: `no product with id ${JSON.stringify(id ?? null)}`, path: ['product'], extensions: { code: 'NOT_FOUND' } }] } };
  }
  return { status: 200, body: { data: { product: Object.fromEntries(fields.map((f) => [f, product[f]])) } } };
}

function categories(req: DemoRequest): Reply {
  const validators = { ETag: CATEGORIES_ETAG, 'Last-Modified': CATEGORIES_MODIFIED, 'Cache-Control': 'private, max-age=60' };
  const inm = header(req, 'if-none-match');
  const ims = header(req, 'if-modified-since');
  const unchanged = inm !== undefined ? inm.split(',').map((s) => s.trim()).includes(CATEGORIES_ETAG) : ims !== undefined && Date.parse(ims) >= Date.parse(CATEGORIES_MODIFIED);
  if (unchanged) return { status: 304, headers: validators };
  return { status: 200, headers: validators, body: { data: CATEGORIES } };
}

export function catalogRoutes(ctx: RouteContext): Route[] {
  const auth = bearer(DEMO_CREDENTIALS.bearerToken, 'demo-catalog');
  return [
    { method: 'POST', path: /^\/graphql$/, summary: 'GraphQL: product(id: $id) { id name price currency stock } (Bearer demo-token)', api: 'catalog', auth, handle: graphql },
    { method: 'GET', path: /^\/v1\/catalog\/categories$/, summary: 'Categories with ETag/Last-Modified; 304 when unchanged (Bearer demo-token)', api: 'catalog', auth, handle: categories },
    {
      method: 'GET',
      path: /^\/v1\/catalog\/prices$/,
      summary: 'Prices (deprecated: Deprecation, Sunset and Link headers) (Bearer demo-token)',
      api: 'catalog',
      auth,
      handle: () => ({
        status: 200,
        headers: { Deprecation: `@${PRICES_DEPRECATED_AT}`, Sunset: PRICES_SUNSET, Link: '<http://127.0.0.1:8787/>; rel="deprecation"; type="application/json"' },
        body: { data: Object.values(PRODUCTS).map((p) => ({ id: p.id, price: p.price, currency: p.currency })), asOf: new Date(ctx.now()).toISOString() },
      }),
    },
  ];
}
