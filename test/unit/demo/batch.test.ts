import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDemoServer, type DemoServer } from '../../../src/demo/server';
import { DEMO_CREDENTIALS, demoSecrets } from '../../../src/demo/credentials';
import { transformHook } from '../../../src/core/transform/hook';
import { runYaml, mapSecrets } from '../../helpers/engine';
import { Client } from './helpers';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('demo server: stock counts in batches', () => {
  let server: DemoServer;
  let client: Client;
  beforeEach(async () => {
    server = await startDemoServer();
    client = new Client();
  });
  afterEach(async () => {
    await client.close();
    await server.close();
  });
  const basic = { Authorization: `Basic ${Buffer.from(`${DEMO_CREDENTIALS.basicUser}:${DEMO_CREDENTIALS.basicPassword}`).toString('base64')}` };

  it('POST /v1/inventory/counts takes at most 2 counts a call and answers each', async () => {
    const ok = await client.call(`${server.url}/v1/inventory/counts`, { method: 'POST', headers: basic, json: { counts: [{ sku: 'KB-01', quantity: 3, location: 'MAD-1' }, { sku: 'XX-00', quantity: 1, location: 'MAD-1' }] } });
    assert.equal(ok.status, 200);
    assert.deepEqual((ok.json as Json).results.map((r: Json) => [r.sku, r.ok, r.onHand]), [['KB-01', true, 3], ['XX-00', false, undefined]]);
    const many = await client.call(`${server.url}/v1/inventory/counts`, { method: 'POST', headers: basic, json: { counts: [1, 2, 3].map((q) => ({ sku: 'KB-01', quantity: q, location: 'MAD-1' })) } });
    assert.equal(many.status, 413);
    const bad = await client.call(`${server.url}/v1/inventory/counts`, { method: 'POST', headers: basic, json: { counts: [{ sku: 'KB-01', quantity: -1, location: 'MAD-1' }] } });
    assert.equal(bad.status, 422);
    assert.equal((await client.call(`${server.url}/v1/inventory/counts`, { method: 'POST', json: { counts: [] } })).status, 401);
  });

  it('the batch example sends its three counts in two chunks and reads the answers in input order', async () => {
    const yaml = readFileSync(join(__dirname, '..', '..', '..', 'examples', 'inventory-counts-batch.ion.yaml'), 'utf8');
    const run = await runYaml(yaml, { vars: { baseUrl: server.url }, secrets: mapSecrets(demoSecrets(server.url)), hooks: { transform: transformHook } });
    assert.equal(run.result.ok, true, JSON.stringify(run.result.errors));
    assert.deepEqual(run.result.attempts.map((a) => a.chunk), [0, 1]);
    const out = run.result.output as Json;
    assert.equal(out.chunks, 2);
    assert.deepEqual(out.updated.map((u: Json) => [u.sku, u.onHand]), [['KB-01', 40], ['MS-02', 118], ['MN-27', 9]]);
    assert.deepEqual(out.failed, []);
  });
});
