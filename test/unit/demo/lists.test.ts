import { strict as assert } from 'node:assert';
import { startDemoServer, type DemoServer } from '../../../src/demo/server';
import { DEMO_CREDENTIALS } from '../../../src/demo/credentials';
import { LIST_CHARGES, LIST_CUSTOMERS } from '../../../src/demo/routes/lists';
import { linkWithRel } from '../../../src/core/engine/link-header';
import { Client } from './helpers';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runYaml, mapSecrets } from '../../helpers/engine';
import { demoSecrets } from '../../../src/demo/credentials';
import { transformHook } from '../../../src/core/transform/hook';
import { RateLimitRegistry } from '../../../src/core/ratelimit';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('demo server: paged lists', () => {
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
  const bearer = { Authorization: `Bearer ${DEMO_CREDENTIALS.bearerToken}` };
  const payments = { 'X-Account-Id': DEMO_CREDENTIALS.paymentsAccount, 'X-Api-Secret': DEMO_CREDENTIALS.paymentsSecret };

  it('GET /v1/customers pages GitHub-style with a Link header until the last page', async () => {
    const seen: Json[] = [];
    let url: string | undefined = `${server.url}/v1/customers?per_page=10`;
    let pages = 0;
    while (url) {
      const r = await client.call(url, { headers: bearer });
      assert.equal(r.status, 200);
      seen.push(...(r.json as Json[]));
      pages++;
      url = linkWithRel(r.headers.link, 'next');
      if (pages === 2) assert.match(r.headers.link, /rel="prev"/);
    }
    assert.equal(pages, 3);
    assert.deepEqual(seen, LIST_CUSTOMERS);
    assert.equal((await client.call(`${server.url}/v1/customers`)).status, 401);
    assert.equal((await client.call(`${server.url}/v1/customers?per_page=0`, { headers: bearer })).status, 400);
  });

  it('GET /v1/charges pages Stripe-style with has_more and starting_after', async () => {
    const seen: Json[] = [];
    let after: string | undefined;
    for (;;) {
      const r = await client.call(`${server.url}/v1/charges?limit=10${after ? `&starting_after=${after}` : ''}`, { headers: payments });
      assert.equal(r.status, 200);
      const body = r.json as Json;
      assert.equal(body.object, 'list');
      seen.push(...body.data);
      if (!body.has_more) break;
      after = body.data[body.data.length - 1].id;
    }
    assert.deepEqual(seen, LIST_CHARGES);
    assert.equal((await client.call(`${server.url}/v1/charges?starting_after=ch_999`, { headers: payments })).status, 400);
    assert.equal((await client.call(`${server.url}/v1/charges`)).status, 401);
  });

  it('the examples page through both lists with `paginate`', async () => {
    const example = (f: string) => readFileSync(join(__dirname, '..', '..', '..', 'examples', f), 'utf8');
    const options = { vars: { baseUrl: server.url }, secrets: mapSecrets(demoSecrets(server.url)), hooks: { transform: transformHook }, rateLimits: new RateLimitRegistry() };
    const list = await runYaml(example('crm-customer-list.ion.yaml'), options);
    assert.equal(list.result.ok, true, JSON.stringify(list.result.errors));
    assert.deepEqual(list.result.output, { pages: 3, total: 23, activos: LIST_CUSTOMERS.filter((c) => c.is_active).map((c) => ({ id: c.id, nombre: c.name })) });
    assert.deepEqual(list.result.attempts.map((a) => a.page), [1, 2, 3]);
    const charges = await runYaml(example('payment-charges.ion.yaml'), options);
    assert.equal(charges.result.ok, true, JSON.stringify(charges.result.errors));
    const out = charges.result.output as Json;
    assert.equal(out.charges, 25);
    assert.equal(out.pages, 3);
    assert.equal(out.totals.eur, LIST_CHARGES.filter((c) => c.status === 'succeeded').reduce((s, c) => s + c.amount, 0));
  });
});
