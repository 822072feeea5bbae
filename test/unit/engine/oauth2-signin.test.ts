import { strict as assert } from 'node:assert';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { startLoopback } from '../../../src/core/auth';
import { TokenCache } from '../../../src/core/auth/token-cache';
import { renderCurl } from '../../../src/core/engine/curl';
import { signIn, type SignInOptions } from '../../../src/core/engine/sign-in';
import { IonError } from '../../../src/core/errors';
import { createDefaultTransport, type HttpTransport } from '../../../src/core/http/transport';
import { parseIntegration } from '../../../src/core/parse';
import { fakeClock } from '../../helpers/clock';
import { FIXTURE_FILE, mapSecrets, runYaml } from '../../helpers/engine';
import { browse, startOAuthServer, type OAuthServer, type OAuthServerOptions } from '../../helpers/oauth-server';
import { json, startServer, TEST_CA_PATH, type TestServer } from '../../helpers/server';
import { readFileSync } from 'node:fs';
import { Agent, fetch as undiciFetch } from 'undici';

const codeFile = (idp: string, api: string, extra = '') => `version: 1
name: signin
auth:
  type: oauth2
  grant: authorization_code
  authorizationUrl: "${idp}/authorize"
  tokenUrl: "${idp}/token"
  clientId: app
  scopes: [read]
  refreshToken: "{{ secret.app_refresh }}"${extra}
request:
  url: "${api}/me"
`;

const deviceFile = (idp: string, api: string) => `version: 1
name: device
auth:
  type: oauth2
  grant: device_code
  deviceAuthorizationUrl: "${idp}/device"
  tokenUrl: "${idp}/token"
  clientId: app
  refreshToken: "{{ secret.app_refresh }}"
request:
  url: "${api}/me"
`;

describe('OAuth2 sign-in: authorization code + PKCE, device code, lifecycle', () => {
  let idp: OAuthServer;
  let api: TestServer;
  let transport: HttpTransport;
  beforeEach(async () => {
    transport = createDefaultTransport();
    api = await startServer((req, res) => json(res, 200, { ok: true }));
  });
  afterEach(async () => Promise.all([idp?.close(), api?.close(), transport.close()]));

  const options = (extra: Partial<SignInOptions> = {}): SignInOptions => ({
    file: FIXTURE_FILE,
    secrets: mapSecrets({}),
    env: {},
    transport,
    tokenCache: new TokenCache(),
    openUrl: async (url) => {
      await browse(url);
    },
    showDeviceCode: () => undefined,
    waitMs: 10_000,
    ...extra,
  });
  const start = async (o: OAuthServerOptions = {}) => (idp = await startOAuthServer(o));

  it('authorization code: the browser step returns a code, exchanged once with the PKCE verifier; the refresh token runs the file', async () => {
    await start({ expiresIn: 3600 });
    let opened = '';
    let page = '';
    const out = await signIn(parseIntegration(codeFile(idp.origin, api.origin)), options({ openUrl: async (u) => { opened = u; page = (await browse(u)).text; } }));
    const q = new URL(opened).searchParams;
    assert.equal(q.get('response_type'), 'code');
    assert.equal(q.get('client_id'), 'app');
    assert.equal(q.get('code_challenge_method'), 'S256');
    assert.equal(q.get('scope'), 'read');
    assert.match(q.get('redirect_uri') ?? '', /^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    assert.ok((q.get('state') ?? '').length >= 16);
    assert.match(page, /Signed in/);
    assert.equal(out.secretName, 'app_refresh');
    assert.equal(out.refreshToken, 'test-refresh-2-SECRETRT');
    const form = idp.tokenForms[0];
    assert.equal(form.get('grant_type'), 'authorization_code');
    assert.equal(createHash('sha256').update(form.get('code_verifier')!).digest('base64url'), q.get('code_challenge'));
    assert.equal(form.get('redirect_uri'), q.get('redirect_uri'));
    // Every run then refreshes with the stored secret.
    const { result } = await runYaml(codeFile(idp.origin, api.origin), { secrets: mapSecrets({ app_refresh: out.refreshToken }), transport });
    assert.equal(result.ok, true, JSON.stringify(result.errors));
    assert.equal(idp.tokenForms[1].get('grant_type'), 'refresh_token');
    assert.equal(idp.tokenForms[1].get('refresh_token'), out.refreshToken);
    assert.equal(api.requests[0].headers.authorization, 'Bearer test-access-3-SECRETAT');
  });

  it('wrong state: refused, nothing exchanged', async () => {
    await start({ wrongState: 'forged' });
    await assert.rejects(signIn(parseIntegration(codeFile(idp.origin, api.origin)), options()), (e: IonError) => e.code === 'auth_failed' && /state/.test(e.message));
    assert.equal(idp.tokenForms.length, 0);
  });

  it('a code is accepted once by the loopback listener', async () => {
    const lb = await startLoopback({ state: 's1', timeoutMs: 5_000 });
    try {
      const first = await browse(`${lb.redirectUri}?code=abc&state=s1`);
      const again = await browse(`${lb.redirectUri}?code=xyz&state=s1`);
      assert.equal(first.status, 200);
      assert.equal(again.status, 400);
      assert.match(again.text, /accepted once/);
      assert.equal(await lb.code, 'abc');
    } finally {
      await lb.close();
    }
  });

  it('a reused code is refused by the server and reported as auth_failed', async () => {
    await start();
    // The browser step replays the first sign-in's callback into the second sign-in's listener.
    let first = '';
    await signIn(parseIntegration(codeFile(idp.origin, api.origin)), options({ openUrl: async (u) => { const r = await fetch(u, { redirect: 'manual' }); first = r.headers.get('location')!; await browse(first); } }));
    const code = new URL(first).searchParams.get('code')!;
    await assert.rejects(
      signIn(parseIntegration(codeFile(idp.origin, api.origin)), options({
        openUrl: async (u) => {
          const q = new URL(u).searchParams;
          await browse(`${q.get('redirect_uri')}?code=${encodeURIComponent(code)}&state=${q.get('state')}`);
        },
      })),
      (e: IonError) => e.code === 'auth_failed' && /already used/.test(e.message) && !e.message.includes(code),
    );
  });

  it('PKCE mismatch: the token endpoint refuses, nothing stored, no code or verifier in the error', async () => {
    await start({ tamperChallenge: true });
    const err = await signIn(parseIntegration(codeFile(idp.origin, api.origin)), options()).then(() => undefined, (e: IonError) => e);
    assert.ok(err instanceof IonError);
    assert.equal(err.code, 'auth_failed');
    assert.match(err.message, /PKCE/);
    const verifier = idp.tokenForms[0].get('code_verifier')!;
    for (const s of [verifier, idp.tokenForms[0].get('code')!]) assert.ok(!`${err.message} ${err.hint}`.includes(s));
  });

  it('authorizationParams are added (never replacing the flow\'s own); a fixed loopback redirect is used as given; others are refused', async () => {
    await start({ expiresIn: 60 });
    const free = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const port = (srv.address() as AddressInfo).port;
        srv.close(() => resolve(port));
      });
    });
    let opened = '';
    const extra = `\n  authorizationParams: { prompt: consent, state: mine, audience: api }\n  redirect: "http://127.0.0.1:${free}/cb"`;
    await signIn(parseIntegration(codeFile(idp.origin, api.origin, extra)), options({ openUrl: async (u) => { opened = u; await browse(u); } }));
    const q = new URL(opened).searchParams;
    assert.equal(q.get('prompt'), 'consent');
    assert.equal(q.get('audience'), 'api');
    assert.notEqual(q.get('state'), 'mine');
    assert.equal(q.get('redirect_uri'), `http://127.0.0.1:${free}/cb`);
    const off = codeFile(idp.origin, api.origin, '\n  redirect: "https://example.com/cb"');
    await assert.rejects(signIn(parseIntegration(off), options()), (e: IonError) => e.code === 'invalid_file' && /loopback/.test(e.message));
  });

  it('request.tls reaches the sign-in\'s token call (the same TLS settings as a run\'s token call)', async () => {
    idp = await startOAuthServer({ expiresIn: 60 }, { https: true });
    const agent = new Agent({ connect: { ca: readFileSync(TEST_CA_PATH, 'utf8') } });
    // The browser trusts the test CA; the file says whether the engine does.
    const browser = async (u: string) => {
      const hop = await undiciFetch(u, { redirect: 'manual', dispatcher: agent });
      await browse(hop.headers.get('location')!);
    };
    const file = (tls: string) => codeFile(idp.origin, api.origin) + tls;
    try {
      await assert.rejects(signIn(parseIntegration(file('')), options({ openUrl: browser })), (e: IonError) => e.code === 'network');
      const out = await signIn(parseIntegration(file(`  tls: { ca: ${TEST_CA_PATH} }\n`)), options({ openUrl: browser }));
      assert.match(out.refreshToken, /SECRETRT$/);
    } finally {
      await agent.close();
    }
  });

  it('the browser declining (error=access_denied) and the timeout end the sign-in', async () => {
    const lb = await startLoopback({ state: 's', timeoutMs: 5_000 });
    await browse(`${lb.redirectUri}?error=access_denied&state=s`);
    await assert.rejects(lb.code, (e: IonError) => e.code === 'auth_failed' && /access_denied/.test(e.message));
    await lb.close();
    const slow = await startLoopback({ state: 's', timeoutMs: 50 });
    await assert.rejects(slow.code, (e: IonError) => e.code === 'timeout');
    await slow.close();
  });

  it('device code: polls at the interval, waits on authorization_pending, adds 5 s on slow_down', async () => {
    await start({ deviceScript: ['authorization_pending', 'slow_down', 'authorization_pending', 'ok'] });
    const clock = fakeClock();
    const shown: string[] = [];
    const out = await signIn(parseIntegration(deviceFile(idp.origin, api.origin)), options({ clock, showDeviceCode: (i) => void shown.push(`${i.verificationUri} ${i.userCode}`) }));
    assert.deepEqual(shown, [`${idp.origin}/activate WDJB-MJHT`]);
    assert.deepEqual(clock.waits, [5000, 5000, 10000, 10000]);
    assert.equal(idp.tokenForms.length, 4);
    assert.equal(idp.tokenForms[0].get('grant_type'), 'urn:ietf:params:oauth:grant-type:device_code');
    assert.equal(idp.tokenForms[0].get('device_code'), 'test-device-SECRETDC');
    assert.equal(out.refreshToken, 'test-refresh-1-SECRETRT');
  });

  it('device code: expired_token and access_denied end it with auth_failed', async () => {
    await start({ deviceScript: ['authorization_pending', 'expired_token'] });
    await assert.rejects(signIn(parseIntegration(deviceFile(idp.origin, api.origin)), options({ clock: fakeClock() })), (e: IonError) => e.code === 'auth_failed' && /expired/.test(e.message));
    await idp.close();
    await start({ deviceScript: ['access_denied'] });
    await assert.rejects(signIn(parseIntegration(deviceFile(idp.origin, api.origin)), options({ clock: fakeClock() })), (e: IonError) => e.code === 'auth_failed' && /declined/.test(e.message));
  });

  it('refresh ahead of expiry: the token from signing in is reused until a minute before it expires; the timeline shows it', async () => {
    await start({ expiresIn: 3600 });
    const cache = new TokenCache();
    const clock = fakeClock();
    const out = await signIn(parseIntegration(codeFile(idp.origin, api.origin)), options({ tokenCache: cache, clock }));
    const secrets = mapSecrets({ app_refresh: out.refreshToken });
    const run = () => runYaml(codeFile(idp.origin, api.origin), { secrets, transport, tokenCache: cache, clock });
    const first = await run();
    assert.equal(idp.tokenForms.length, 1, 'the sign-in token is reused');
    assert.deepEqual(first.result.auth?.timeline, [{ event: 'cached', at: '2024-01-01T00:00:00.000Z', expiresAt: '2024-01-01T01:00:00.000Z', refreshAfter: '2024-01-01T00:59:00.000Z' }]);
    clock.advance(3_540_000 - 1);
    await run();
    assert.equal(idp.tokenForms.length, 1, 'still more than a minute left');
    clock.advance(1);
    const third = await run();
    assert.equal(idp.tokenForms.length, 2, 'one minute before expiry: refreshed');
    assert.equal(idp.tokenForms[1].get('grant_type'), 'refresh_token');
    assert.equal(third.result.auth?.timeline[0].event, 'obtained');
    assert.equal(third.result.auth?.timeline[0].at, '2024-01-01T00:59:00.000Z');
    assert.ok(!JSON.stringify(third.result).includes('SECRET'));
  });

  it('no expires_in: not reused unless tokenTtl says how long', async () => {
    await start();
    const cache = new TokenCache();
    const clock = fakeClock();
    const secrets = mapSecrets({ app_refresh: 'test-refresh-0-SECRETRT' });
    idp.validRefresh.add('test-refresh-0-SECRETRT');
    await runYaml(codeFile(idp.origin, api.origin), { secrets, transport, tokenCache: cache, clock });
    await runYaml(codeFile(idp.origin, api.origin), { secrets, transport, tokenCache: cache, clock });
    assert.equal(idp.tokenForms.length, 2);
    const ttl = codeFile(idp.origin, api.origin, '\n  tokenTtl: 10m');
    await runYaml(ttl, { secrets, transport, tokenCache: cache, clock });
    clock.advance(599_999);
    await runYaml(ttl, { secrets, transport, tokenCache: cache, clock });
    assert.equal(idp.tokenForms.length, 3);
    clock.advance(1);
    await runYaml(ttl, { secrets, transport, tokenCache: cache, clock });
    assert.equal(idp.tokenForms.length, 4);
  });

  it('a rotated refresh token is handed to the rotation port under the secret name, never reported', async () => {
    await start({ rotate: true, expiresIn: 3600 });
    idp.validRefresh.add('test-refresh-0-SECRETRT');
    const saved: Array<{ secret: string; environment: string | null; value: string }> = [];
    const { result } = await runYaml(codeFile(idp.origin, api.origin), {
      secrets: mapSecrets({ app_refresh: 'test-refresh-0-SECRETRT' }),
      transport,
      onRefreshTokenRotated: (r) => void saved.push(r),
    });
    assert.equal(result.ok, true, JSON.stringify(result.errors));
    assert.deepEqual(saved, [{ secret: 'app_refresh', environment: null, value: 'test-refresh-1-SECRETRT' }]);
    assert.deepEqual(result.auth?.timeline.map((t) => t.event), ['obtained', 'rotated']);
    assert.ok(!JSON.stringify(result).includes('SECRET'));
  });

  it('ion curl: a signed-in grant fetches its token with the stored refresh token', async () => {
    const text = await renderCurl(parseIntegration(codeFile('https://id.example', 'https://api.example')), { file: FIXTURE_FILE, env: {} });
    assert.match(text, /grant_type=refresh_token --data-urlencode "refresh_token=\$ION_SECRET_APP_REFRESH"/);
  });

  it('invalid_grant on a signed-in grant: auth_failed with the sign-in-again hint', async () => {
    await start();
    const { result } = await runYaml(codeFile(idp.origin, api.origin), { secrets: mapSecrets({ app_refresh: 'revoked-SECRETRT' }), transport });
    assert.equal(result.ok, false);
    assert.equal(result.errors[0].code, 'auth_failed');
    assert.match(result.errors[0].hint, /Sign in again: Gateway Ion: Sign In, or ion auth login .*test\.ion\.yaml/);
    assert.ok(!JSON.stringify(result).includes('revoked-SECRETRT'));
  });
});
