import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { startDemoServer, type DemoServer } from '../../../src/demo/server';
import { Client, manualClock } from './helpers';

const VERIFIER = 'v'.repeat(43);
const CHALLENGE = createHash('sha256').update(VERIFIER).digest('base64url');
const REDIRECT = 'http://127.0.0.1:5555/callback';

describe('demo server: sign-in grants (authorization code + PKCE, device code, rotating refresh)', () => {
  let server: DemoServer;
  let client: Client;
  const clock = manualClock();
  before(async () => {
    server = await startDemoServer({ now: clock.now });
    client = new Client();
  });
  after(async () => {
    await client.close();
    await server.close();
  });

  const authorize = (params: Record<string, string>) =>
    client.call(`${server.url}/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: 'demo-client', redirect_uri: REDIRECT, state: 'st', code_challenge: CHALLENGE, code_challenge_method: 'S256', ...params })}`);
  const token = (form: Record<string, string>) => client.call(`${server.url}/oauth/token`, { method: 'POST', form: { client_id: 'demo-client', ...form } });
  const codeOf = async () => new URL((await authorize({})).headers.location).searchParams.get('code')!;

  it('authorize redirects to the loopback redirect_uri with a code and the state', async () => {
    const r = await authorize({});
    assert.equal(r.status, 302);
    const back = new URL(r.headers.location);
    assert.equal(`${back.origin}${back.pathname}`, REDIRECT);
    assert.equal(back.searchParams.get('state'), 'st');
    assert.match(back.searchParams.get('code') ?? '', /^demo-code-/);
  });

  it('never redirects off loopback; PKCE is required', async () => {
    const off = await authorize({ redirect_uri: 'https://evil.example/cb' });
    assert.equal(off.status, 400);
    assert.equal(off.headers.location, undefined);
    const noPkce = await authorize({ code_challenge_method: 'plain' });
    assert.equal(new URL(noPkce.headers.location).searchParams.get('error'), 'invalid_request');
  });

  it('the code is exchanged once, with the matching verifier; a mismatch is invalid_grant', async () => {
    const wrong = await token({ grant_type: 'authorization_code', code: await codeOf(), redirect_uri: REDIRECT, code_verifier: 'w'.repeat(43) });
    assert.equal(wrong.status, 400);
    assert.match(wrong.text, /PKCE/);
    const code = await codeOf();
    const ok = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: VERIFIER });
    assert.equal(ok.status, 200, ok.text);
    const body = ok.json as { access_token: string; refresh_token: string };
    assert.match(body.refresh_token, /^demo-rt-/);
    const again = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: VERIFIER });
    assert.equal(again.status, 400);
    assert.match(again.text, /already used/);
    const use = await client.call(`${server.url}/v1/invoices`, { headers: { authorization: `Bearer ${body.access_token}` } });
    assert.equal(use.status, 200);
    // Rotation: the refresh token works once, then the new one.
    const r1 = await token({ grant_type: 'refresh_token', refresh_token: body.refresh_token });
    assert.equal(r1.status, 200);
    const next = (r1.json as { refresh_token: string }).refresh_token;
    assert.notEqual(next, body.refresh_token);
    const old = await token({ grant_type: 'refresh_token', refresh_token: body.refresh_token });
    assert.equal(old.status, 400);
    assert.equal((old.json as { error: string }).error, 'invalid_grant');
    // Codes and refresh tokens never show in the request log.
    assert.ok(!JSON.stringify(server.requests).includes(code));
    assert.ok(!JSON.stringify(server.requests).includes(next));
  });

  it('device code: pending, slow_down when polled too fast, then tokens after the verify page', async () => {
    const start = await client.call(`${server.url}/oauth/device`, { method: 'POST', form: { client_id: 'demo-client' } });
    assert.equal(start.status, 200);
    const d = start.json as { device_code: string; user_code: string; verification_uri: string; interval: number };
    assert.equal(d.interval, 5);
    const poll = () => token({ grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: d.device_code });
    assert.equal(((await poll()).json as { error: string }).error, 'authorization_pending');
    assert.equal(((await poll()).json as { error: string }).error, 'slow_down');
    clock.advance(5000);
    const verify = await client.call(`${d.verification_uri}?user_code=${encodeURIComponent(d.user_code)}`);
    assert.equal(verify.status, 200);
    const done = await poll();
    assert.equal(done.status, 200, done.text);
    assert.match((done.json as { refresh_token: string }).refresh_token, /^demo-rt-/);
  });
});
