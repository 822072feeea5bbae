import { strict as assert } from 'node:assert';
import { deprecationWarning } from '../../../src/core/engine/deprecation';
import { startDemoServer, type DemoServer } from '../../../src/demo/server';
import { Client, manualClock } from './helpers';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('demo server: catalog (GraphQL, ETag/304, Sunset)', () => {
  let server: DemoServer;
  let client: Client;
  const clock = manualClock(Date.parse('2026-01-05T10:00:00Z'));
  const auth = { authorization: 'Bearer demo-token' };
  beforeEach(async () => {
    server = await startDemoServer({ now: clock.now });
    client = new Client();
  });
  afterEach(async () => {
    await client.close();
    await server.close();
  });

  it('POST /graphql resolves product(id) with the requested fields', async () => {
    const query = 'query Product($id: ID!) { product(id: $id) { id name price } }';
    const ok = await client.call(`${server.url}/graphql`, { method: 'POST', headers: auth, json: { query, variables: { id: 'p-1' } } });
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.json, { data: { product: { id: 'p-1', name: 'Espresso beans 1kg', price: 24.5 } } });
    const missing = await client.call(`${server.url}/graphql`, { method: 'POST', headers: auth, json: { query, variables: { id: 'p-9' } } });
    assert.equal(missing.status, 200);
    assert.deepEqual((missing.json as Json).errors[0].path, ['product']);
    const unknownField = await client.call(`${server.url}/graphql`, { method: 'POST', headers: auth, json: { query: '{ product(id: "p-1") { id colour } }' } });
    assert.match((unknownField.json as Json).errors[0].message, /Cannot query field "colour"/);
    assert.equal((await client.call(`${server.url}/graphql`, { method: 'POST', json: { query } })).status, 401);
  });

  it('GET /v1/catalog/categories sends validators and answers 304 when unchanged', async () => {
    const first = await client.call(`${server.url}/v1/catalog/categories`, { headers: auth });
    assert.equal(first.status, 200);
    const etag = first.headers['etag'] as string;
    assert.ok(etag && first.headers['last-modified']);
    const again = await client.call(`${server.url}/v1/catalog/categories`, { headers: { ...auth, 'if-none-match': etag } });
    assert.equal(again.status, 304);
    assert.equal(again.text, '');
    const since = await client.call(`${server.url}/v1/catalog/categories`, { headers: { ...auth, 'if-modified-since': first.headers['last-modified'] as string } });
    assert.equal(since.status, 304);
    const other = await client.call(`${server.url}/v1/catalog/categories`, { headers: { ...auth, 'if-none-match': '"old"' } });
    assert.equal(other.status, 200);
  });

  it('GET /v1/catalog/prices is deprecated: Deprecation @epoch, Sunset and Link', async () => {
    const r = await client.call(`${server.url}/v1/catalog/prices`, { headers: auth });
    assert.equal(r.status, 200);
    const w = deprecationWarning(r.headers as Record<string, string>, clock.now());
    assert.equal(w?.date, '2026-12-31T23:59:59.000Z');
    assert.match(w!.message, /deprecated since 2026-01-01 \(Deprecation header\) and to be removed on 2026-12-31 \(Sunset header\); see http:\/\/127\.0\.0\.1:8787\//);
  });
});
