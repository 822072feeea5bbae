import { strict as assert } from 'node:assert';
import { startDemoServer, type DemoServer } from '../../../src/demo/server';
import { basicHeader, Client, manualClock } from './helpers';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('demo server: endpoints', () => {
  let server: DemoServer;
  let client: Client;
  const clock = manualClock(Date.parse('2026-01-05T10:00:00Z'));
  beforeEach(async () => {
    server = await startDemoServer({ now: clock.now });
    client = new Client();
  });
  afterEach(async () => {
    await client.close();
    await server.close();
  });
  const get = (path: string, headers: Record<string, string> = {}) => client.call(`${server.url}${path}`, { headers });

  describe('CRM GET /v1/customers/:id', () => {
    const auth = { authorization: 'Bearer demo-token' };
    it('answers the first request per id with 429 Retry-After: 1, then 200 with data', async () => {
      const first = await get('/v1/customers/42', auth);
      assert.equal(first.status, 429);
      assert.equal(first.headers['retry-after'], '1');
      assert.equal(first.headers['x-ratelimit-remaining'], '0');
      assert.equal(first.headers['x-ratelimit-limit'], '100');
      assert.match((first.json as Json).error.message, /rate limit/);
      const second = await get('/v1/customers/42', auth);
      assert.equal(second.status, 200);
      assert.deepEqual((second.json as Json).data, { id: 42, name: 'Ada Lovelace', is_active: true, email: 'ada@example.com', created_at: '2024-03-08T09:15:00Z' });
      assert.ok(Number(second.headers['x-ratelimit-remaining']) > 0);
      assert.equal((await get('/v1/customers/42', auth)).status, 200, 'and 200 from then on');
      assert.equal((await get('/v1/customers/13', auth)).status, 429, 'each id has its own first time');
      const turing = await get('/v1/customers/13', auth);
      assert.equal((turing.json as Json).data.is_active, false);
    });
    it('answers 404 for unknown ids, without a 429 first', async () => {
      for (const id of ['999', 'abc', '42x']) {
        const r = await get(`/v1/customers/${id}`, auth);
        assert.equal(r.status, 404, id);
        assert.match((r.json as Json).error.message, /not found/);
      }
    });
    it('keeps the first-request state per server', async () => {
      assert.equal((await get('/v1/customers/7', auth)).status, 429);
      const fresh = await startDemoServer();
      try {
        assert.equal((await client.call(`${fresh.url}/v1/customers/7`, { headers: auth })).status, 429);
      } finally {
        await fresh.close();
      }
    });
  });

  describe('shop POST /v1/orders', () => {
    const headers = { 'x-api-key': 'demo-key' };
    const order = {
      orderId: 'SO-1001',
      currency: 'EUR',
      customer: { email: 'ada@example.com' },
      items: [
        { sku: 'KB-01', quantity: 2, unitPrice: 49.5 },
        { sku: 'MS-02', quantity: 1, unitPrice: 19.99 },
      ],
    };
    const post = (body: unknown, extra: Record<string, string> = {}) =>
      client.call(`${server.url}/v1/orders`, { method: 'POST', json: body, headers: { ...headers, ...extra } });

    it('creates an order with 201, Location and an exact total', async () => {
      const r = await post(order, { 'idempotency-key': 'order-SO-1001' });
      assert.equal(r.status, 201);
      assert.equal(r.headers.location, '/v1/orders/ord_000001');
      assert.deepEqual((r.json as Json).data, { id: 'ord_000001', orderId: 'SO-1001', status: 'accepted', total: 118.99, currency: 'EUR', itemCount: 3, createdAt: '2026-01-05T10:00:00.000Z' });
      assert.equal(r.headers['idempotent-replayed'], undefined);
      const read = await get('/v1/orders/ord_000001', headers);
      assert.equal((read.json as Json).data.total, 118.99);
    });
    it('replays a repeated Idempotency-Key instead of creating a second order; 409 for another order', async () => {
      const a = await post(order, { 'idempotency-key': 'k1' });
      const b = await post({ ...order, note: 'retried' }, { 'idempotency-key': 'k1' });
      assert.equal(b.status, 201);
      assert.equal(b.headers['idempotent-replayed'], 'true');
      assert.deepEqual(b.json, a.json);
      assert.equal((await get('/v1/orders/ord_000002', headers)).status, 404, 'no second order');
      const c = await post({ ...order, orderId: 'SO-9' }, { 'idempotency-key': 'k1' });
      assert.equal(c.status, 409);
      const d = await post(order);
      assert.equal((d.json as Json).data.id, 'ord_000002', 'without a key each POST creates one');
    });
    it('answers 422 naming each invalid field', async () => {
      const r = await post({ orderId: '', currency: 'euro', customer: {}, items: [{ sku: 'A', quantity: 0, unitPrice: -1 }] });
      assert.equal(r.status, 422);
      assert.deepEqual(
        (r.json as Json).error.fields.map((f: Json) => f.field),
        ['orderId', 'currency', 'customer.email', 'items[0].quantity', 'items[0].unitPrice'],
      );
      assert.equal((await post([])).status, 422);
      assert.deepEqual((await post({ ...order, items: [] })).json, {
        error: { message: 'the order is invalid: items must be a non-empty array', fields: [{ field: 'items', message: 'must be a non-empty array' }] },
      });
    });
  });

  describe('weather GET /v1/weather', () => {
    it('answers a known city in metric and imperial units', async () => {
      const r = await get('/v1/weather?q=madrid&units=metric&appid=demo-key');
      assert.equal(r.status, 200);
      const w = r.json as Json;
      assert.equal(w.name, 'Madrid');
      assert.deepEqual(w.coord, { lat: 40.4168, lon: -3.7038 });
      assert.deepEqual(w.main, { temp: 21.4, humidity: 38 });
      assert.equal(w.weather[0].description, 'clear sky');
      assert.equal(w.dt, Date.parse('2026-01-05T10:00:00Z') / 1000);
      const f = await get('/v1/weather?q=Oslo&units=imperial&appid=demo-key');
      assert.equal((f.json as Json).main.temp, 27.5);
      assert.equal((await get('/v1/weather?q=Buenos%20Aires&appid=demo-key')).status, 200);
    });
    it('answers 404 for an unknown city and 400 for bad parameters', async () => {
      const r = await get('/v1/weather?q=Atlantis&appid=demo-key');
      assert.equal(r.status, 404);
      assert.deepEqual(r.json, { error: { message: 'city "Atlantis" not found', code: 'city_not_found' } });
      assert.equal((await get('/v1/weather?appid=demo-key')).status, 400);
      assert.equal((await get('/v1/weather?q=Oslo&units=kelvin&appid=demo-key')).status, 400);
    });
  });

  describe('inventory /v1/inventory/:sku', () => {
    const auth = { authorization: basicHeader('demo', 'demo-pass') };
    const put = (sku: string, body: unknown) => client.call(`${server.url}/v1/inventory/${sku}`, { method: 'PUT', json: body, headers: auth });
    it('reads, then sets a count and answers with the warehouse side', async () => {
      const before = await get('/v1/inventory/KB-01', auth);
      assert.deepEqual(before.json, { sku: 'KB-01', location: 'MAD-1', onHand: 35, previousOnHand: 35, reserved: 6, available: 29, version: 12, updatedAt: '2026-01-05T07:00:00.000Z' });
      const r = await put('KB-01', { quantity: 40, location: 'MAD-1', countedAt: '2026-01-05T10:00:00Z' });
      assert.equal(r.status, 200);
      assert.deepEqual(r.json, { sku: 'KB-01', location: 'MAD-1', onHand: 40, previousOnHand: 35, reserved: 6, available: 34, version: 13, updatedAt: '2026-01-05T10:00:00.000Z' });
      assert.equal(((await get('/v1/inventory/KB-01', auth)).json as Json).onHand, 40);
      const all = await put('MN-27', { quantity: 3, location: 'BCN-2' });
      assert.equal((all.json as Json).available, 0, 'never negative');
    });
    it('answers 404 for an unknown SKU and 422 for a bad count', async () => {
      assert.equal((await put('XX-99', { quantity: 1, location: 'MAD-1' })).status, 404);
      assert.equal((await get('/v1/inventory/XX-99', auth)).status, 404);
      const bad = await put('KB-01', { quantity: -1, location: '' });
      assert.equal(bad.status, 422);
      assert.deepEqual((bad.json as Json).error.fields.map((f: Json) => f.field), ['quantity', 'location']);
    });
  });

  describe('payments GET /v1/payments/:id', () => {
    const auth = { 'x-account-id': 'acct_demo', 'x-api-secret': 'demo-pay-secret' };
    it('expands the customer only when asked', async () => {
      const plain = (await get('/v1/payments/pay_1001', auth)).json as Json;
      assert.equal(plain.customer, 'cus_42');
      assert.equal(plain.amount, 11899);
      const full = (await get('/v1/payments/pay_1001?expand=customer', auth)).json as Json;
      assert.deepEqual(full.customer, { id: 'cus_42', name: 'Ada Lovelace', email: 'ada@example.com' });
      assert.deepEqual(full.metadata, { orderId: 'SO-1001' });
      assert.equal(((await get('/v1/payments/pay_1002', auth)).json as Json).status, 'pending');
    });
    it('answers 404 for an unknown payment', async () => {
      assert.equal((await get('/v1/payments/pay_0', auth)).status, 404);
    });
  });

  describe('carrier and accounting (OAuth2)', () => {
    async function bearer(scope?: string) {
      const form: Record<string, string> = { grant_type: 'client_credentials', client_id: 'demo-client', client_secret: 'demo-secret' };
      if (scope) form.scope = scope;
      const r = await client.call(`${server.url}/oauth/token`, { method: 'POST', form });
      return { authorization: `Bearer ${(r.json as Json).access_token}` };
    }
    it('tracks shipments and answers 404 for unknown ones', async () => {
      const auth = await bearer('shipments.read');
      const d = (await get('/v1/shipments/ION987654321', auth)).json as Json;
      assert.equal(d.status, 'delivered');
      assert.equal(d.events.at(-1).location, 'Porto, PT');
      assert.equal((await get('/v1/shipments/ION000000000', auth)).status, 404);
    });
    it('lists invoices with status, dueBefore and limit filters', async () => {
      const auth = await bearer('accounting.read');
      const unpaid = (await get('/v1/invoices?status=unpaid&dueBefore=2026-12-31&limit=100', auth)).json as Json;
      assert.deepEqual(unpaid.data.map((i: Json) => i.number), ['INV-2026-0012', 'INV-2026-0015', 'INV-2026-0020']);
      assert.equal(unpaid.hasMore, false);
      const early = (await get('/v1/invoices?status=unpaid&dueBefore=2026-02-01', auth)).json as Json;
      assert.deepEqual(early.data.map((i: Json) => i.number), ['INV-2026-0012']);
      const one = (await get('/v1/invoices?limit=1', auth)).json as Json;
      assert.equal(one.data.length, 1);
      assert.equal(one.hasMore, true);
      for (const bad of ['status=open', 'dueBefore=tomorrow', 'limit=0', 'limit=500']) {
        assert.equal((await get(`/v1/invoices?${bad}`, auth)).status, 400, bad);
      }
      assert.equal((await get('/v1/invoices', await bearer('shipments.read'))).status, 403);
    });
  });

  describe('hooks /hooks/notify', () => {
    it('answers 204 and records JSON and text bodies', async () => {
      const a = await client.call(`${server.url}/hooks/notify`, { method: 'POST', json: { id: 42, nombre: 'ADA LOVELACE', activo: true } });
      assert.equal(a.status, 204);
      assert.equal(a.text, '');
      await client.call(`${server.url}/hooks/notify`, { method: 'POST', body: 'plain text', headers: { 'content-type': 'text/plain' } });
      assert.deepEqual(server.notifications.map((n) => n.body), [{ id: 42, nombre: 'ADA LOVELACE', activo: true }, 'plain text']);
      assert.equal(server.notifications[0].contentType, 'application/json');
      const list = await get('/hooks/notify');
      assert.equal(((list.json as Json).received as unknown[]).length, 2);
    });
  });
});
