/**
 * Shop: `POST /v1/orders` (API key in the `X-Api-Key` header) with `Idempotency-Key` replay, and
 * `GET /v1/orders/:id`. A repeated key for the same order replays the first answer with
 * `Idempotent-Replayed: true`; the same key for another order is a 409.
 */
import { apiKeyHeader } from '../auth';
import { DEMO_CREDENTIALS } from '../credentials';
import { errorReply, header, invalid, isObject, jsonBody, type FieldProblem, type Reply } from '../reply';
import { isoNow, type Route, type RouteContext } from '../route';

interface Order {
  id: string;
  orderId: string;
  status: 'accepted';
  total: number;
  currency: string;
  itemCount: number;
  createdAt: string;
}

function checkOrder(body: unknown): FieldProblem[] {
  if (!isObject(body)) return [{ field: 'body', message: 'must be a JSON object' }];
  const problems: FieldProblem[] = [];
  if (typeof body.orderId !== 'string' || body.orderId === '') problems.push({ field: 'orderId', message: 'must be a non-empty string' });
  if (typeof body.currency !== 'string' || !/^[A-Z]{3}$/.test(body.currency)) problems.push({ field: 'currency', message: 'must be a 3-letter ISO code such as EUR' });
  const email = isObject(body.customer) ? body.customer.email : undefined;
  if (typeof email !== 'string' || !email.includes('@')) problems.push({ field: 'customer.email', message: 'must be an e-mail address' });
  if (!Array.isArray(body.items) || body.items.length === 0) {
    problems.push({ field: 'items', message: 'must be a non-empty array' });
    return problems;
  }
  body.items.forEach((item: unknown, i) => {
    const it = isObject(item) ? item : {};
    if (typeof it.sku !== 'string' || it.sku === '') problems.push({ field: `items[${i}].sku`, message: 'must be a non-empty string' });
    if (!Number.isInteger(it.quantity) || (it.quantity as number) < 1) problems.push({ field: `items[${i}].quantity`, message: 'must be an integer ≥ 1' });
    if (typeof it.unitPrice !== 'number' || it.unitPrice < 0) problems.push({ field: `items[${i}].unitPrice`, message: 'must be a number ≥ 0' });
  });
  return problems;
}

export function shopRoutes(ctx: RouteContext): Route[] {
  const auth = apiKeyHeader('X-Api-Key', DEMO_CREDENTIALS.apiKey, 'demo-shop');
  const orders = new Map<string, Order>();
  const byKey = new Map<string, { orderId: string; reply: Reply }>();
  return [
    {
      method: 'POST',
      path: /^\/v1\/orders$/,
      summary: 'Create an order (header X-Api-Key: demo-key); Idempotency-Key replays; 422 on invalid',
      api: 'shop',
      auth,
      handle(req) {
        const parsed = jsonBody(req);
        if ('reply' in parsed) return parsed.reply;
        const problems = checkOrder(parsed.value);
        if (problems.length) return invalid('the order', problems);
        const body = parsed.value as { orderId: string; currency: string; items: { quantity: number; unitPrice: number }[] };
        const key = header(req, 'idempotency-key');
        const earlier = key === undefined ? undefined : byKey.get(key);
        if (earlier) {
          if (earlier.orderId !== body.orderId) {
            return errorReply(409, `Idempotency-Key was already used for order ${earlier.orderId}`, { code: 'idempotency_key_reused' });
          }
          return { ...earlier.reply, headers: { ...earlier.reply.headers, 'Idempotent-Replayed': 'true' } };
        }
        const cents = body.items.reduce((sum, it) => sum + Math.round(it.unitPrice * 100) * it.quantity, 0);
        const order: Order = {
          id: `ord_${String(orders.size + 1).padStart(6, '0')}`,
          orderId: body.orderId,
          status: 'accepted',
          total: cents / 100,
          currency: body.currency,
          itemCount: body.items.reduce((n, it) => n + it.quantity, 0),
          createdAt: isoNow(ctx),
        };
        orders.set(order.id, order);
        const reply: Reply = { status: 201, headers: { Location: `/v1/orders/${order.id}` }, body: { data: order } };
        if (key !== undefined) byKey.set(key, { orderId: body.orderId, reply });
        return reply;
      },
    },
    {
      method: 'GET',
      path: /^\/v1\/orders\/([^/]+)$/,
      summary: 'Read an order created above (header X-Api-Key: demo-key)',
      api: 'shop',
      auth,
      handle(req) {
        const order = orders.get(req.params[0]);
        return order ? { status: 200, body: { data: order } } : errorReply(404, `order ${JSON.stringify(req.params[0])} not found`);
      },
    },
  ];
}
