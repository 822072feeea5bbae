import { strict as assert } from 'node:assert';
import { startDemoServer, type DemoServer } from '../../../src/demo/server';
import { basicHeader, Client, manualClock } from './helpers';

interface TokenBody {
  access_token: string;
  token_type: string;
  expires_in: number;
  scope: string;
  refresh_token?: string;
}

describe('demo server: OAuth2 token endpoint', () => {
  let server: DemoServer;
  let client: Client;
  const clock = manualClock();
  before(async () => {
    server = await startDemoServer({ now: clock.now, tokenTtlSeconds: 60 });
    client = new Client();
  });
  after(async () => {
    await client.close();
    await server.close();
  });

  const token = (form: Record<string, string>, headers: Record<string, string> = {}) =>
    client.call(`${server.url}/oauth/token`, { method: 'POST', form, headers });

  it('client_credentials with HTTP Basic client auth issues a short-lived bearer token', async () => {
    const r = await token({ grant_type: 'client_credentials', scope: 'shipments.read' }, { authorization: basicHeader('demo-client', 'demo-secret') });
    assert.equal(r.status, 200);
    assert.equal(r.headers['cache-control'], 'no-store');
    const body = r.json as TokenBody;
    assert.equal(body.token_type, 'Bearer');
    assert.equal(body.expires_in, 60);
    assert.equal(body.scope, 'shipments.read');
    assert.match(body.access_token, /^demo-at-[A-Za-z0-9_-]{24}$/);
    assert.equal(body.refresh_token, undefined);
    const use = await client.call(`${server.url}/v1/shipments/ION123456789`, { headers: { authorization: `Bearer ${body.access_token}` } });
    assert.equal(use.status, 200);
    assert.equal((use.json as { status: string }).status, 'in_transit');
  });

  it('client_credentials with client auth in the body; every token is new', async () => {
    const a = (await token({ grant_type: 'client_credentials', client_id: 'demo-client', client_secret: 'demo-secret' })).json as TokenBody;
    const b = (await token({ grant_type: 'client_credentials', client_id: 'demo-client', client_secret: 'demo-secret' })).json as TokenBody;
    assert.equal(a.scope, 'shipments.read accounting.read', 'all scopes when none is asked');
    assert.notEqual(a.access_token, b.access_token);
  });

  it('refresh_token demo-refresh issues an accounting.read token and returns the refresh token', async () => {
    const r = await token({ grant_type: 'refresh_token', refresh_token: 'demo-refresh', client_id: 'demo-client', client_secret: 'demo-secret' });
    assert.equal(r.status, 200);
    const body = r.json as TokenBody;
    assert.equal(body.scope, 'accounting.read');
    assert.equal(body.refresh_token, 'demo-refresh');
    const list = await client.call(`${server.url}/v1/invoices?status=unpaid`, { headers: { authorization: `Bearer ${body.access_token}` } });
    assert.equal(list.status, 200);
    const forbidden = await client.call(`${server.url}/v1/shipments/ION123456789`, { headers: { authorization: `Bearer ${body.access_token}` } });
    assert.equal(forbidden.status, 403, 'the refresh grant has no shipments.read');
    assert.match(forbidden.headers['www-authenticate'] ?? '', /insufficient_scope/);
  });

  it('tokens expire by the server clock: 401 invalid_token after expires_in', async () => {
    const t = ((await token({ grant_type: 'client_credentials', client_id: 'demo-client', client_secret: 'demo-secret' })).json as TokenBody).access_token;
    const auth = { authorization: `Bearer ${t}` };
    clock.advance(59_000);
    assert.equal((await client.call(`${server.url}/v1/shipments/ION123456789`, { headers: auth })).status, 200);
    clock.advance(1_000);
    const r = await client.call(`${server.url}/v1/shipments/ION123456789`, { headers: auth });
    assert.equal(r.status, 401);
    assert.match(r.headers['www-authenticate'] ?? '', /error="invalid_token", error_description="expired"/);
  });

  it('rejects a wrong or missing client with 401 invalid_client and a Basic challenge', async () => {
    for (const [form, headers] of [
      [{ grant_type: 'client_credentials' }, {}],
      [{ grant_type: 'client_credentials', client_id: 'demo-client', client_secret: 'nope' }, {}],
      [{ grant_type: 'client_credentials' }, { authorization: basicHeader('demo-client', 'nope') }],
      [{ grant_type: 'client_credentials' }, { authorization: 'Bearer demo-token' }],
    ] as [Record<string, string>, Record<string, string>][]) {
      const r = await token(form, headers);
      assert.equal(r.status, 401, JSON.stringify(form));
      assert.equal((r.json as { error: string }).error, 'invalid_client');
      assert.equal(r.headers['www-authenticate'], 'Basic realm="demo-oauth"');
    }
  });

  it('answers RFC 6749 errors for bad grants, scopes and bodies', async () => {
    const client_ = { client_id: 'demo-client', client_secret: 'demo-secret' };
    const cases: [Record<string, string>, number, string][] = [
      [{ ...client_, grant_type: 'refresh_token', refresh_token: 'stolen' }, 400, 'invalid_grant'],
      [{ ...client_, grant_type: 'refresh_token' }, 400, 'invalid_grant'],
      [{ ...client_, grant_type: 'password' }, 400, 'unsupported_grant_type'],
      [{ ...client_, grant_type: 'client_credentials', scope: 'admin' }, 400, 'invalid_scope'],
      [{ ...client_, grant_type: 'refresh_token', refresh_token: 'demo-refresh', scope: 'shipments.read' }, 400, 'invalid_scope'],
    ];
    for (const [form, status, error] of cases) {
      const r = await token(form);
      assert.equal(r.status, status, JSON.stringify(form));
      assert.equal((r.json as { error: string }).error, error);
    }
    const json = await client.call(`${server.url}/oauth/token`, { method: 'POST', json: { grant_type: 'client_credentials' } });
    assert.equal(json.status, 400);
    assert.equal((json.json as { error: string }).error, 'invalid_request');
  });

  it('accepts form-encoded Basic credentials (RFC 6749 §2.3.1)', async () => {
    const r = await token({ grant_type: 'client_credentials' }, { authorization: basicHeader('demo%2Dclient', 'demo-secret') });
    assert.equal(r.status, 200);
  });
});
