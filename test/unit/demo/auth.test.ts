import { strict as assert } from 'node:assert';
import { startDemoServer, type DemoServer } from '../../../src/demo/server';
import { basicHeader, Client } from './helpers';

/** Each example's auth kind, checked for real: right credentials pass, wrong or missing ones get 401 + WWW-Authenticate. */
describe('demo server: auth checks', () => {
  let server: DemoServer;
  let client: Client;
  before(async () => {
    server = await startDemoServer();
    client = new Client();
  });
  after(async () => {
    await client.close();
    await server.close();
  });

  async function expect401(path: string, headers: Record<string, string>, challenge: RegExp) {
    const r = await client.call(`${server.url}${path}`, { headers });
    assert.equal(r.status, 401, `${path} ${JSON.stringify(headers)}`);
    assert.match(r.headers['www-authenticate'] ?? '', challenge);
    assert.equal(typeof (r.json as { error: { message: string } }).error.message, 'string');
  }

  it('bearer (CRM): demo-token only', async () => {
    await expect401('/v1/customers/7', {}, /^Bearer realm="demo-crm"$/);
    await expect401('/v1/customers/7', { authorization: 'Bearer nope' }, /error="invalid_token"/);
    await expect401('/v1/customers/7', { authorization: 'Basic ZGVtbzpkZW1vLXBhc3M=' }, /^Bearer/);
    const ok = await client.call(`${server.url}/v1/customers/7`, { headers: { authorization: 'bearer demo-token' } });
    assert.notEqual(ok.status, 401);
  });

  it('apiKey in a header (shop): X-Api-Key demo-key', async () => {
    await expect401('/v1/orders/ord_000001', {}, /^ApiKey realm="demo-shop", header="X-Api-Key"$/);
    await expect401('/v1/orders/ord_000001', { 'x-api-key': 'demo-keyX' }, /ApiKey/);
    const ok = await client.call(`${server.url}/v1/orders/ord_000001`, { headers: { 'x-api-key': 'demo-key' } });
    assert.equal(ok.status, 404, 'authorised; the order just does not exist');
  });

  it('apiKey in the query (weather): appid=demo-key', async () => {
    await expect401('/v1/weather?q=Madrid', {}, /query="appid"/);
    await expect401('/v1/weather?q=Madrid&appid=other', {}, /ApiKey/);
    await expect401('/v1/weather?q=Madrid', { 'x-api-key': 'demo-key' }, /query="appid"/);
    assert.equal((await client.call(`${server.url}/v1/weather?q=Madrid&appid=demo-key`)).status, 200);
  });

  it('basic (inventory): demo:demo-pass', async () => {
    await expect401('/v1/inventory/KB-01', {}, /^Basic realm="demo-inventory"/);
    await expect401('/v1/inventory/KB-01', { authorization: basicHeader('demo', 'wrong') }, /Basic/);
    await expect401('/v1/inventory/KB-01', { authorization: basicHeader('root', 'demo-pass') }, /Basic/);
    await expect401('/v1/inventory/KB-01', { authorization: 'Basic !!!' }, /Basic/);
    assert.equal((await client.call(`${server.url}/v1/inventory/KB-01`, { headers: { authorization: basicHeader('demo', 'demo-pass') } })).status, 200);
  });

  it('custom headers (payments): X-Account-Id and X-Api-Secret, both required', async () => {
    await expect401('/v1/payments/pay_1001', {}, /^Headers realm="demo-payments"$/);
    await expect401('/v1/payments/pay_1001', { 'x-account-id': 'acct_demo' }, /Headers/);
    await expect401('/v1/payments/pay_1001', { 'x-account-id': 'acct_other', 'x-api-secret': 'demo-pay-secret' }, /Headers/);
    const ok = await client.call(`${server.url}/v1/payments/pay_1001`, { headers: { 'x-account-id': 'acct_demo', 'x-api-secret': 'demo-pay-secret' } });
    assert.equal(ok.status, 200);
  });

  it('OAuth2 bearer (carrier, accounting): only tokens the token endpoint issued', async () => {
    await expect401('/v1/shipments/ION123456789', {}, /^Bearer realm="demo-carrier"$/);
    await expect401('/v1/shipments/ION123456789', { authorization: 'Bearer demo-token' }, /error="invalid_token"/);
    await expect401('/v1/invoices', { authorization: 'Bearer demo-at-forged' }, /realm="demo-accounting"/);
  });

  it('never echoes the credential it rejected', async () => {
    const r = await client.call(`${server.url}/v1/customers/7`, { headers: { authorization: 'Bearer s3cr3t-guess' } });
    assert.ok(!r.text.includes('s3cr3t-guess') && !(r.headers['www-authenticate'] ?? '').includes('s3cr3t-guess'));
  });
});
