import { strict as assert } from 'node:assert';
import { TokenCache, type CachedToken } from '../../../src/core/auth/token-cache';
import { json, startServer, type RecordedRequest, type TestServer } from '../../helpers/server';
import { mapSecrets, runYaml } from '../../helpers/engine';
import { fakeClock } from '../../helpers/clock';

const base = (origin: string, auth: string) => `version: 1
name: a
auth: ${auth}
request:
  url: "${origin}/me"
`;

describe('auth kinds', () => {
  let server: TestServer;
  afterEach(async () => server?.close());
  const echo = () => startServer((req, res) => json(res, 200, { ok: true }));

  it('apiKey in a header and in the query', async () => {
    server = await echo();
    const s = mapSecrets({ k: 'abc123' });
    await runYaml(base(server.origin, '{ type: apiKey, in: header, name: X-Api-Key, value: "{{ secret.k }}" }'), { secrets: s });
    await runYaml(base(server.origin, '{ type: apiKey, in: query, name: api_key, value: "{{ secret.k }}" }'), { secrets: s });
    assert.equal(server.requests[0].headers['x-api-key'], 'abc123');
    assert.equal(server.requests[1].url, '/me?api_key=abc123');
  });

  it('bearer, basic and headers', async () => {
    server = await echo();
    const s = mapSecrets({ t: 'tok', u: 'ann', p: 'pa:ss' });
    await runYaml(base(server.origin, '{ type: bearer, token: "{{ secret.t }}" }'), { secrets: s });
    const basic = await runYaml(base(server.origin, '{ type: basic, username: "{{ secret.u }}", password: "{{ secret.p }}" }'), { secrets: s });
    await runYaml(base(server.origin, '{ type: headers, headers: { X-A: "{{ secret.t }}", X-B: two } }'), { secrets: s });
    assert.equal(server.requests[0].headers.authorization, 'Bearer tok');
    assert.equal(server.requests[1].headers.authorization, `Basic ${Buffer.from('ann:pa:ss').toString('base64')}`);
    assert.equal(basic.result.request?.headers.Authorization, 'Basic ***');
    assert.equal(server.requests[2].headers['x-a'], 'tok');
    assert.equal(server.requests[2].headers['x-b'], 'two');
  });
});

describe('auth: oauth2', () => {
  let api: TestServer;
  let idp: TestServer;
  let issued: number;
  afterEach(async () => Promise.all([api?.close(), idp?.close()]));

  async function setup(apiHandler: (req: RecordedRequest) => number, tokenTtl = 3600) {
    issued = 0;
    idp = await startServer((req, res) => {
      issued += 1;
      json(res, 200, { access_token: `at-${issued}-xyz`, token_type: 'bearer', expires_in: tokenTtl, refresh_token: `rt-${issued}-rotated` });
    });
    api = await startServer((req, res) => {
      const status = apiHandler(req);
      json(res, status, status === 401 ? { error: { message: 'token expired' } } : { ok: true }, status === 401 ? { 'www-authenticate': 'Bearer error="invalid_token"' } : {});
    });
  }
  const oauth = (extra = '') =>
    base(api.origin, `{ type: oauth2, grant: client_credentials, tokenUrl: "${idp.origin}/token", clientId: app, clientSecret: "{{ secret.cs }}", scopes: [read, write]${extra} }`);
  const secrets = () => mapSecrets({ cs: 'client-secret-value', rt: 'refresh-original' });

  it('client_credentials with clientAuth basic (default) and scopes; token masked', async () => {
    await setup(() => 200);
    const { result } = await runYaml(oauth(), { secrets: secrets() });
    assert.equal(result.ok, true, JSON.stringify(result.errors));
    const t = idp.requests[0];
    assert.equal(t.method, 'POST');
    assert.equal(t.headers.authorization, `Basic ${Buffer.from('app:client-secret-value').toString('base64')}`);
    assert.equal(new URLSearchParams(t.body).get('grant_type'), 'client_credentials');
    assert.equal(new URLSearchParams(t.body).get('scope'), 'read write');
    assert.equal(api.requests[0].headers.authorization, 'Bearer at-1-xyz');
    assert.ok(!JSON.stringify(result).includes('at-1-xyz'));
    assert.equal(result.request?.headers.Authorization, 'Bearer ***');
  });

  it('clientAuth body sends the client in the form', async () => {
    await setup(() => 200);
    await runYaml(oauth(', clientAuth: body'), { secrets: secrets() });
    const form = new URLSearchParams(idp.requests[0].body);
    assert.equal(form.get('client_id'), 'app');
    assert.equal(form.get('client_secret'), 'client-secret-value');
    assert.equal(idp.requests[0].headers.authorization, undefined);
  });

  it('caches the token until shortly before expiry', async () => {
    await setup(() => 200, 600);
    const cache = new TokenCache();
    const clock = fakeClock();
    await runYaml(oauth(), { secrets: secrets(), tokenCache: cache, clock });
    await runYaml(oauth(), { secrets: secrets(), tokenCache: cache, clock });
    assert.equal(issued, 1, 'second run reuses the cached token');
    clock.advance(600_000 - 60_000 + 1); // within the last minute of its life
    await runYaml(oauth(), { secrets: secrets(), tokenCache: cache, clock });
    assert.equal(issued, 2);
    assert.equal(api.requests[2].headers.authorization, 'Bearer at-2-xyz');
  });

  it('a 401 triggers exactly one refresh and one retry', async () => {
    await setup((req) => (req.headers.authorization === 'Bearer at-1-xyz' ? 401 : 200));
    const { result } = await runYaml(oauth(), { secrets: secrets() });
    assert.equal(result.ok, true, JSON.stringify(result.errors));
    assert.equal(issued, 2);
    assert.deepEqual(result.attempts.map((a) => a.status), [401, 200]);
  });

  it('a persistent 401 does not loop and reports auth_failed with what the server said', async () => {
    await setup(() => 401);
    const { result } = await runYaml(oauth() + 'retry: { maxAttempts: 5, on: [401, 503] }\n', { secrets: secrets() });
    assert.equal(result.ok, false);
    assert.equal(result.errors[0].code, 'auth_failed');
    assert.equal(issued, 2);
    assert.equal(api.requests.length, 2);
    assert.match(result.errors[0].hint, /token expired/);
    assert.match(result.errors[0].hint, /invalid_token/);
  });

  it('refresh_token grant uses the rotated refresh token next time', async () => {
    await setup((req) => (req.headers.authorization === 'Bearer at-1-xyz' ? 401 : 200));
    const yaml = base(api.origin, `{ type: oauth2, grant: refresh_token, tokenUrl: "${idp.origin}/token", clientId: app, clientAuth: body, refreshToken: "{{ secret.rt }}" }`);
    const { result } = await runYaml(yaml, { secrets: secrets() });
    assert.equal(result.ok, true, JSON.stringify(result.errors));
    const forms = idp.requests.map((r) => new URLSearchParams(r.body));
    assert.equal(forms[0].get('grant_type'), 'refresh_token');
    assert.equal(forms[0].get('refresh_token'), 'refresh-original');
    assert.equal(forms[1].get('refresh_token'), 'rt-1-rotated');
    assert.ok(!JSON.stringify(result).includes('rt-1-rotated'));
  });

  it('a run that joins another run\'s token fetch masks the token too', async () => {
    // The token endpoint answers only once a second run has joined the fetch in flight.
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    class JoinSpy<K, V> extends Map<K, V> {
      override get(k: K): V | undefined {
        const v = super.get(k);
        if (v !== undefined) release();
        return v;
      }
    }
    class SpyCache extends TokenCache {
      override readonly inflight = new JoinSpy<string, Promise<CachedToken>>();
    }
    idp = await startServer(async (_req, res) => {
      await released;
      json(res, 200, { access_token: 'at-shared-SECRET', token_type: 'bearer', expires_in: 3600, refresh_token: 'rt-shared-SECRET' });
    });
    // The API echoes the Authorization header back, so an unmasked token would show in the result.
    api = await startServer((req, res) => json(res, 200, { seen: req.headers.authorization }));
    const tokenCache = new SpyCache();
    const runs = await Promise.all([
      runYaml(oauth(), { secrets: secrets(), tokenCache }),
      runYaml(oauth(), { secrets: secrets(), tokenCache }),
    ]);
    assert.equal(idp.requests.length, 1, 'one fetch shared by both runs');
    assert.equal(api.requests.length, 2);
    for (const { result } of runs) {
      assert.equal(result.ok, true, JSON.stringify(result.errors));
      const text = JSON.stringify(result);
      assert.ok(!text.includes('at-shared-SECRET'), text);
      assert.ok(!text.includes('rt-shared-SECRET'), text);
    }
  });

  /** An identity provider answering `body(n)` for the n-th token request (1-based). */
  async function idpAnswering(body: (n: number) => Record<string, unknown>) {
    issued = 0;
    idp = await startServer((req, res) => {
      issued += 1;
      json(res, 200, body(issued));
    });
    api = await startServer((req, res) => json(res, 200, { ok: true }));
  }

  it('a token without expires_in is used for its run but not cached for the next one', async () => {
    await idpAnswering((n) => ({ access_token: `at-${n}-noexp`, token_type: 'bearer' }));
    const cache = new TokenCache();
    const clock = fakeClock();
    const first = await runYaml(oauth(), { secrets: secrets(), tokenCache: cache, clock });
    assert.equal(first.result.ok, true, JSON.stringify(first.result.errors));
    const second = await runYaml(oauth(), { secrets: secrets(), tokenCache: cache, clock });
    assert.equal(second.result.ok, true, JSON.stringify(second.result.errors));
    assert.equal(issued, 2, 'no lifetime given: a new token per run');
    assert.deepEqual(api.requests.map((r) => r.headers.authorization), ['Bearer at-1-noexp', 'Bearer at-2-noexp']);
    assert.ok(!JSON.stringify(second.result).includes('at-2-noexp'));
  });

  it('a short-lived token is reused only for the first half of its life', async () => {
    await idpAnswering((n) => ({ access_token: `at-${n}-short`, token_type: 'bearer', expires_in: 10 }));
    const cache = new TokenCache();
    const clock = fakeClock();
    await runYaml(oauth(), { secrets: secrets(), tokenCache: cache, clock });
    clock.advance(4_999);
    await runYaml(oauth(), { secrets: secrets(), tokenCache: cache, clock });
    assert.equal(issued, 1, 'still within the first half of 10 s');
    clock.advance(1);
    await runYaml(oauth(), { secrets: secrets(), tokenCache: cache, clock });
    assert.equal(issued, 2, 'half of 10 s has passed: a new token');
    assert.deepEqual(api.requests.map((r) => r.headers.authorization), ['Bearer at-1-short', 'Bearer at-1-short', 'Bearer at-2-short']);
  });

  it('a token response without access_token is auth_failed and nothing is sent to the API', async () => {
    for (const body of [{ token_type: 'bearer', expires_in: 3600 }, { access_token: '', expires_in: 3600 }, { access_token: 42 }]) {
      await idpAnswering(() => body);
      const { result } = await runYaml(oauth(), { secrets: secrets() });
      assert.equal(result.ok, false, JSON.stringify(body));
      assert.equal(result.errors[0].code, 'auth_failed', JSON.stringify(body));
      assert.match(result.errors[0].message, /access_token/);
      assert.equal(api.requests.length, 0, JSON.stringify(body));
      await Promise.all([api.close(), idp.close()]);
    }
  });

  it('a 401 on a POST refreshes the token and sends the same POST again, once', async () => {
    await setup((req) => (req.headers.authorization === 'Bearer at-1-xyz' ? 401 : 200));
    const yaml = `${oauth()}  method: POST\n  body: { order: 17, items: [a, b] }\n`;
    const { result } = await runYaml(yaml, { secrets: secrets() });
    assert.equal(result.ok, true, JSON.stringify(result.errors));
    assert.deepEqual(result.attempts.map((a) => a.status), [401, 200]);
    assert.equal(issued, 2);
    assert.deepEqual(api.requests.map((r) => [r.method, r.headers.authorization]), [
      ['POST', 'Bearer at-1-xyz'],
      ['POST', 'Bearer at-2-xyz'],
    ]);
    assert.deepEqual(JSON.parse(api.requests[1].body), { order: 17, items: ['a', 'b'] });
    assert.equal(api.requests[1].body, api.requests[0].body);
    assert.equal(api.requests[1].headers['content-type'], api.requests[0].headers['content-type']);
  });

  it('a token endpoint error is auth_failed quoting the OAuth error', async () => {
    idp = await startServer((req, res) => json(res, 401, { error: 'invalid_client', error_description: 'bad secret' }));
    api = await startServer((req, res) => json(res, 200, {}));
    const { result } = await runYaml(oauth(), { secrets: secrets() });
    assert.equal(result.errors[0].code, 'auth_failed');
    assert.match(result.errors[0].message, /invalid_client: bad secret/);
    assert.equal(api.requests.length, 0);
  });
});
