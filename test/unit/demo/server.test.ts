import { strict as assert } from 'node:assert';
import { connect } from 'node:net';
import { startDemoServer, type DemoServer } from '../../../src/demo/server';
import { Client, manualClock } from './helpers';

const BEARER = { authorization: 'Bearer demo-token' };

describe('demo server: lifecycle and shared behaviour', () => {
  let server: DemoServer;
  let client: Client;
  const lines: string[] = [];
  beforeEach(async () => {
    lines.length = 0;
    server = await startDemoServer({ log: (l) => lines.push(l) });
    client = new Client();
  });
  afterEach(async () => {
    await client.close();
    await server.close();
  });

  it('listens on 127.0.0.1 with a free port when port is 0', async () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(server.port > 0);
    assert.equal(server.url, `http://127.0.0.1:${server.port}`);
    const other = await startDemoServer();
    try {
      assert.notEqual(other.port, server.port);
    } finally {
      await other.close();
    }
  });

  it('lists its endpoints at GET /', async () => {
    const r = await client.call(`${server.url}/`);
    assert.equal(r.status, 200);
    const endpoints = (r.json as { endpoints: string[] }).endpoints;
    for (const p of ['GET /v1/customers/', 'POST /v1/orders', 'GET /v1/weather', 'PUT /v1/inventory/', 'GET /v1/payments/', 'POST /oauth/token', 'GET /v1/shipments/', 'GET /v1/invoices', 'POST /hooks/notify']) {
      assert.ok(endpoints.some((e) => e.startsWith(p)), `missing ${p}`);
    }
  });

  it('answers unknown paths with a JSON 404 and wrong methods with 405 and Allow', async () => {
    const r = await client.call(`${server.url}/v2/nothing`);
    assert.equal(r.status, 404);
    assert.match((r.json as { error: { message: string } }).error.message, /no endpoint/);
    const m = await client.call(`${server.url}/v1/customers/42`, { method: 'DELETE', headers: BEARER });
    assert.equal(m.status, 405);
    assert.equal(m.headers.allow, 'GET');
  });

  it('sends X-RateLimit-* headers on API endpoints and 429s past the limit', async () => {
    await server.close();
    const clock = manualClock();
    server = await startDemoServer({ rateLimit: 2, now: clock.now });
    const url = `${server.url}/v1/weather?q=Madrid&appid=demo-key`;
    const a = await client.call(url);
    assert.equal(a.status, 200);
    assert.equal(a.headers['x-ratelimit-limit'], '2');
    assert.equal(a.headers['x-ratelimit-remaining'], '1');
    assert.equal(a.headers['x-ratelimit-reset'], '60');
    assert.equal((await client.call(url)).headers['x-ratelimit-remaining'], '0');
    clock.advance(15_000);
    const c = await client.call(url);
    assert.equal(c.status, 429);
    assert.equal(c.headers['retry-after'], '45');
    clock.advance(45_000);
    assert.equal((await client.call(url)).status, 200, 'a new window starts');
  });

  it('has a fail switch (?fail=1, ?fail=503, X-Demo-Fail) that applies after the auth check', async () => {
    const q = await client.call(`${server.url}/v1/weather?q=Madrid&appid=demo-key&fail=1`);
    assert.equal(q.status, 500);
    assert.deepEqual(q.json, { error: { message: 'simulated 500 (fail switch)', code: 'simulated_failure' } });
    const h = await client.call(`${server.url}/v1/customers/42`, { headers: { ...BEARER, 'x-demo-fail': '503' } });
    assert.equal(h.status, 503);
    assert.equal(h.headers['retry-after'], '1');
    const bad = await client.call(`${server.url}/v1/weather?q=Madrid&appid=demo-key&fail=teapot`);
    assert.equal(bad.status, 400);
    const unauth = await client.call(`${server.url}/v1/weather?q=Madrid&appid=wrong&fail=1`);
    assert.equal(unauth.status, 401, 'auth is checked before the switch');
  });

  it('records requests and logs them with credentials masked', async () => {
    await client.call(`${server.url}/v1/weather?q=Oslo&appid=demo-key`);
    await client.call(`${server.url}/v1/customers/7`, { headers: BEARER });
    await client.call(`${server.url}/oauth/token`, { method: 'POST', form: { grant_type: 'refresh_token', refresh_token: 'demo-refresh', client_id: 'demo-client', client_secret: 'demo-secret' } });
    const dump = JSON.stringify(server.requests) + lines.join('\n');
    for (const secret of ['demo-key', 'demo-token', 'demo-refresh', 'demo-secret']) assert.ok(!dump.includes(secret), `${secret} leaked`);
    assert.equal(server.requests.length, 3);
    assert.deepEqual(server.requests[0].query, { q: 'Oslo', appid: '***' });
    assert.equal(server.requests[1].headers.authorization, 'Bearer ***');
    assert.equal(server.requests[1].status, 429);
    assert.match(server.requests[2].body, /refresh_token=\*\*\*/);
    assert.deepEqual(lines.slice(0, 2), ['GET /v1/weather?q=Oslo&appid=*** → 200', 'GET /v1/customers/7 → 429']);
  });

  it('masks issued access tokens in recorded requests', async () => {
    const t = await client.call(`${server.url}/oauth/token`, { method: 'POST', form: { grant_type: 'client_credentials', client_id: 'demo-client', client_secret: 'demo-secret' } });
    const token = (t.json as { access_token: string }).access_token;
    await client.call(`${server.url}/v1/shipments/ION123456789?echo=${token}`, { headers: { authorization: `Bearer ${token}` } });
    assert.ok(!JSON.stringify(server.requests).includes(token));
  });

  it('rejects bad request bodies with clear JSON errors', async () => {
    const headers = { 'x-api-key': 'demo-key' };
    const notJson = await client.call(`${server.url}/v1/orders`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{"orderId":' });
    assert.equal(notJson.status, 400);
    const wrongType = await client.call(`${server.url}/v1/orders`, { method: 'POST', headers: { ...headers, 'content-type': 'text/plain' }, body: 'hello' });
    assert.equal(wrongType.status, 415);
    const huge = await client.call(`${server.url}/hooks/notify`, { method: 'POST', body: 'x'.repeat(1024 * 1024 + 10) });
    assert.equal(huge.status, 413);
    const badEscape = await client.call(`${server.url}/v1/customers/%E0%A4%A`, { headers: BEARER });
    assert.equal(badEscape.status, 400);
  });

  it('closes cleanly: keep-alive sockets are dropped, the port is freed, close is idempotent', async () => {
    const before = process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length;
    const s = await startDemoServer();
    const c = new Client();
    assert.equal((await c.call(`${s.url}/`)).status, 200); // leaves a keep-alive socket open
    await s.close();
    await s.close();
    await c.close();
    // libuv releases a closed handle in the close phase of the next loop turn: allow a few turns.
    let servers = Infinity;
    for (let turn = 0; turn < 5 && servers > before; turn++) {
      await new Promise((r) => setImmediate(r));
      servers = process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length;
    }
    assert.equal(servers, before);
    const refused = await new Promise<string>((resolve) => {
      const sock = connect(s.port, '127.0.0.1');
      sock.once('connect', () => {
        sock.destroy();
        resolve('connected');
      });
      sock.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    });
    assert.equal(refused, 'ECONNREFUSED');
  });

  it('fails to start on a port in use with EADDRINUSE', async () => {
    await assert.rejects(startDemoServer({ port: server.port }), /EADDRINUSE/);
  });
});
