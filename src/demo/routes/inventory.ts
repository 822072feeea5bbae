/**
 * Warehouse inventory, HTTP Basic `demo:demo-pass`: `GET /v1/inventory/:sku` reads a stock level,
 * `PUT /v1/inventory/:sku` `{ quantity, location }` sets the counted stock and answers with the
 * warehouse's side (reserved, available, version): the two directions of a sync.
 * `POST /v1/inventory/counts` `{ counts: [{ sku, quantity, location }] }` (at most 2 a call, like a
 * warehouse API with a small batch limit) sets several counts at once: the `batch:` example.
 */
import { basic } from '../auth';
import { DEMO_CREDENTIALS } from '../credentials';
import { errorReply, invalid, isObject, jsonBody, type FieldProblem } from '../reply';
import { isoNow, type Route, type RouteContext } from '../route';

interface StockItem {
  sku: string;
  location: string;
  onHand: number;
  previousOnHand: number;
  reserved: number;
  version: number;
  updatedAt: string;
}

const SEED: Omit<StockItem, 'previousOnHand'>[] = [
  { sku: 'KB-01', location: 'MAD-1', onHand: 35, reserved: 6, version: 12, updatedAt: '2026-01-05T07:00:00.000Z' },
  { sku: 'MS-02', location: 'MAD-1', onHand: 120, reserved: 14, version: 4, updatedAt: '2026-01-05T07:00:00.000Z' },
  { sku: 'MN-27', location: 'BCN-2', onHand: 8, reserved: 8, version: 31, updatedAt: '2026-01-05T07:00:00.000Z' },
];

function view(item: StockItem) {
  return { ...item, available: Math.max(0, item.onHand - item.reserved) };
}

function checkCount(body: unknown): FieldProblem[] {
  if (!isObject(body)) return [{ field: 'body', message: 'must be a JSON object' }];
  const problems: FieldProblem[] = [];
  if (!Number.isInteger(body.quantity) || (body.quantity as number) < 0) problems.push({ field: 'quantity', message: 'must be an integer ≥ 0' });
  if (typeof body.location !== 'string' || body.location === '') problems.push({ field: 'location', message: 'must be a non-empty string' });
  return problems;
}

export function inventoryRoutes(ctx: RouteContext): Route[] {
  const auth = basic(DEMO_CREDENTIALS.basicUser, DEMO_CREDENTIALS.basicPassword, 'demo-inventory');
  const stock = new Map(SEED.map((s) => [s.sku, { ...s, previousOnHand: s.onHand }]));
  const notFound = (sku: string) => errorReply(404, `SKU ${JSON.stringify(sku)} not found`, { code: 'sku_not_found' });
  return [
    {
      method: 'GET',
      path: /^\/v1\/inventory\/([^/]+)$/,
      summary: 'Read a stock level (Basic demo:demo-pass); SKUs KB-01, MS-02, MN-27',
      api: 'inventory',
      auth,
      handle(req) {
        const item = stock.get(req.params[0]);
        return item ? { status: 200, body: view(item) } : notFound(req.params[0]);
      },
    },
    {
      method: 'PUT',
      path: /^\/v1\/inventory\/([^/]+)$/,
      summary: 'Set the counted stock { quantity, location } (Basic demo:demo-pass); 422 on invalid',
      api: 'inventory',
      auth,
      handle(req) {
        const item = stock.get(req.params[0]);
        if (!item) return notFound(req.params[0]);
        const parsed = jsonBody(req);
        if ('reply' in parsed) return parsed.reply;
        const problems = checkCount(parsed.value);
        if (problems.length) return invalid('the stock count', problems);
        const body = parsed.value as { quantity: number; location: string };
        const next: StockItem = {
          ...item,
          location: body.location,
          previousOnHand: item.onHand,
          onHand: body.quantity,
          version: item.version + 1,
          updatedAt: isoNow(ctx),
        };
        stock.set(item.sku, next);
        return { status: 200, body: view(next) };
      },
    },
    {
      method: 'POST',
      path: /^\/v1\/inventory\/counts$/,
      summary: 'Set up to 2 counts at once { counts: [{ sku, quantity, location }] } (Basic demo:demo-pass); 413 above 2, 422 on invalid',
      api: 'inventory',
      auth,
      handle(req) {
        const parsed = jsonBody(req);
        if ('reply' in parsed) return parsed.reply;
        const counts = isObject(parsed.value) ? parsed.value.counts : undefined;
        if (!Array.isArray(counts)) return invalid('the counts', [{ field: 'counts', message: 'must be an array' }]);
        if (counts.length > 2) return errorReply(413, `at most 2 counts a call, got ${counts.length}`, { code: 'batch_too_large' });
        const problems = counts.flatMap((c, i) => [...(isObject(c) && typeof c.sku === 'string' ? [] : [{ field: `counts/${i}/sku`, message: 'must be a string' }]), ...checkCount(c).map((p) => ({ ...p, field: `counts/${i}/${p.field}` }))]);
        if (problems.length) return invalid('the counts', problems);
        const results = (counts as Array<{ sku: string; quantity: number; location: string }>).map((c) => {
          const item = stock.get(c.sku);
          if (!item) return { sku: c.sku, ok: false, error: 'sku_not_found' };
          const next: StockItem = { ...item, location: c.location, previousOnHand: item.onHand, onHand: c.quantity, version: item.version + 1, updatedAt: isoNow(ctx) };
          stock.set(item.sku, next);
          return { ok: true, ...view(next) };
        });
        return { status: 200, body: { results } };
      },
    },
  ];
}
