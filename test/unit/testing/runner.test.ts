import { strict as assert } from 'node:assert';
import { startServer } from '../../helpers/server';
import { failureKeys, integration, onlyTest, runText } from './helpers';

const GET = `request:
  method: GET
  url: "{{ vars.baseUrl }}/items/{{ input.id }}"
  headers: { X-Key: "{{ secret.api_key }}", X-Region: "{{ env.ION_REGION }}" }
trigger: { type: manual, input: { id: 1 } }
`;

const TRANSFORM = `transform: |
  return { id: input.json.id, name: input.json.name.toUpperCase() };
`;

describe('ion test: expect keys', () => {
  const ok200 = `    response: { status: 200, body: { id: 7, name: ada } }\n`;
  it('ok, status, attempts, output, maxDurationMs all pass', async () => {
    const t = await onlyTest(integration(`${GET}${TRANSFORM}tests:
  - name: t
${ok200}    expect: { ok: true, status: 200, attempts: 1, output: { id: 7, name: ADA }, maxDurationMs: 5000 }
`));
    assert.equal(t.state, 'passed', JSON.stringify(t.failures));
  });

  it('ok, status, attempts, output, maxDurationMs each fail with the key named', async () => {
    const t = await onlyTest(integration(`${GET}${TRANSFORM}tests:
  - name: t
    responses:
      - { status: 503, headers: { Retry-After: "2" } }
      - { status: 200, body: { id: 7, name: ada } }
    expect: { ok: false, status: 201, attempts: 1, output: { id: 8, name: ADA }, maxDurationMs: 100 }
retry: { maxAttempts: 2 }
`));
    assert.equal(t.state, 'failed');
    assert.deepEqual(failureKeys(t), ['ok', 'status', 'attempts', 'output', 'maxDurationMs']);
    assert.match(t.failures.find((f) => f.key === 'output')!.message, /at \/id: expected 8, got 7/);
  });

  it('error passes on the code and fails on another one', async () => {
    const pass = await onlyTest(integration(`${GET}tests:
  - name: t
    response: { status: 404, body: { message: nope } }
    expect: { error: not_found, status: 404 }
`));
    assert.equal(pass.state, 'passed', JSON.stringify(pass.failures));
    const fail = await onlyTest(integration(`${GET}tests:
  - name: t
    response: { status: 404 }
    expect: { error: auth_failed }
`));
    assert.deepEqual(failureKeys(fail), ['error']);
    assert.match(fail.failures[0].message, /expected error `auth_failed`, got `not_found`/);
  });

  it('outputs: `to:` is captured (never contacted) and compared as a subset', async () => {
    const hook = await startServer((_req, res) => {
      res.end('should not be called');
    });
    try {
      const to = `output:
  to:
    - { type: file, path: out/items.jsonl, format: jsonl }
    - { type: http, url: "{{ secret.hook_url }}" }
    - { type: http, url: "${hook.origin}/hook", method: PUT }
`;
      const pass = await onlyTest(integration(`${GET}${to}tests:
  - name: t
    response: { status: 200, body: { id: 1 } }
    expect:
      outputs:
        - { type: file, target: out/items.jsonl, body: { id: 1 } }
        - { type: http, target: "***", method: POST, body: { id: 1 } }
        - { type: http, method: PUT }
`));
      assert.equal(pass.state, 'passed', JSON.stringify(pass.failures));
      assert.equal(hook.requests.length, 0, 'the http target was not contacted');
      const fail = await onlyTest(integration(`${GET}${to}tests:
  - name: t
    response: { status: 200, body: { id: 1 } }
    expect: { outputs: [{ type: file, body: { id: 2 } }, {}, {}] }
`));
      assert.deepEqual(failureKeys(fail), ['outputs']);
    } finally {
      await hook.close();
    }
  });

  it('dummy values: secrets are fixture-secret-NAME, ION_ variables fixture-env-NAME, input from the test', async () => {
    const t = await onlyTest(integration(`${GET}tests:
  - name: t
    input: { id: 99 }
    response: { status: 200, body: {} }
    expect: { ok: true }
`));
    assert.equal(t.state, 'passed', JSON.stringify(t.failures));
    const [req] = t.fixtureRequests!;
    assert.equal(req.headers['x-key'], 'fixture-secret-api_key');
    assert.equal(req.headers['x-region'], 'fixture-env-ION_REGION');
    assert.equal(req.path, '/items/99');
    assert.equal(req.origin, 'https://api.example.com');
    assert.ok(!JSON.stringify(t.result).includes('fixture-secret-api_key'), 'secrets are masked in the result');
  });

  it('env: picks the environment (an https origin served by the loopback fixture)', async () => {
    const t = await onlyTest(integration(`${GET}tests:
  - name: t
    env: prod
    response: { status: 200, body: {} }
    expect: { ok: true }
`));
    assert.equal(t.state, 'passed', JSON.stringify(t.failures));
    assert.equal(t.fixtureRequests![0].origin, 'https://api.prod.example.com');
    assert.equal(t.result!.environment, 'prod');
  });
});

describe('ion test: offline and honest', () => {
  it('follows a redirect to an origin named in a fixture Location header', async () => {
    const t = await onlyTest(integration(`${GET}tests:
  - name: t
    responses:
      - { status: 302, headers: { Location: "https://cdn.example.net/items/1" } }
      - { status: 200, body: { id: 1 } }
    expect: { ok: true, status: 200, output: { id: 1 } }
`));
    assert.equal(t.state, 'passed', JSON.stringify(t.failures));
    assert.deepEqual(t.fixtureRequests!.map((r) => r.origin), ['https://api.example.com', 'https://cdn.example.net']);
  });

  it('refuses a request URL that changed after the allowed origins were worked out (a per-run uuid host)', async () => {
    const t = await onlyTest(integration(`request: { method: GET, url: "https://{{ uuid }}.example.com/x" }
tests:
  - name: t
    response: { status: 200, body: {} }
    expect: { error: network }
`));
    assert.equal(t.state, 'failed', 'even a test expecting a network error fails: the run tried to leave the fixtures');
    assert.ok(t.failures.some((f) => f.key === 'fixture' && /fixture tests are offline: https:\/\/[0-9a-f-]+\.example\.com is not an origin of this integration/.test(f.message)), JSON.stringify(t.failures));
    assert.equal(t.fixtureRequests!.length, 0, 'nothing reached any server');
  });

  it('running out of responses fails the test with the request number', async () => {
    const t = await onlyTest(integration(`${GET}retry: { maxAttempts: 3, on: [503] }
tests:
  - name: t
    responses:
      - { status: 503 }
    expect: { error: server_error }
`));
    assert.equal(t.state, 'failed');
    const f = t.failures.find((x) => x.key === 'fixture');
    assert.match(f!.message, /the run made request #2 \(GET \/items\/1\) but the test has 1 response$/);
  });

  it('a single `response` is not repeated for retries', async () => {
    const t = await onlyTest(integration(`${GET}retry: { maxAttempts: 2, on: [503] }
tests:
  - name: t
    response: { status: 503 }
    expect: { error: server_error, attempts: 2 }
`));
    assert.ok(failureKeys(t).includes('fixture'), JSON.stringify(t.failures));
  });

  it('an invalid file fails as a whole with invalid_file and its line', async () => {
    const r = await runText(integration(`request: { method: GET, url: "{{ vars.baseUrl }}/x" }
retry: { maxAttempts: many }
tests:
  - name: t
    response: { status: 200 }
    expect: { ok: true }
`));
    assert.equal(r.error?.code, 'invalid_file');
    assert.match(r.error!.message, /^line 8, column \d+: /);
    assert.deepEqual(r.tests, []);
  });

  it('no state between tests: each gets its own fixture server and token cache', async () => {
    const r = await runText(integration(`${OAUTH}tests:
  - name: first
    tokenResponse: { status: 200, body: { access_token: tok-one, expires_in: 3600 } }
    response: { status: 200, body: {} }
    expect: { ok: true }
  - name: second
    tokenResponse: { status: 200, body: { access_token: tok-two, expires_in: 3600 } }
    response: { status: 200, body: {} }
    expect: { ok: true }
`));
    assert.deepEqual(r.tests.map((t) => t.state), ['passed', 'passed']);
    const auth = r.tests.map((t) => t.fixtureRequests!.find((x) => x.kind === 'api')!.headers.authorization);
    assert.deepEqual(auth, ['Bearer tok-one', 'Bearer tok-two']);
  });
});

const OAUTH = `auth:
  type: oauth2
  grant: client_credentials
  tokenUrl: "https://login.example.org/oauth/token"
  clientId: my-client
  clientSecret: "{{ secret.client_secret }}"
request: { method: GET, url: "{{ vars.baseUrl }}/me" }
`;

describe('ion test: OAuth2 fixtures', () => {
  it('the token request gets tokenResponse and the API request carries its token', async () => {
    const t = await onlyTest(integration(`${OAUTH}tests:
  - name: t
    tokenResponse: { status: 200, body: { access_token: tok-123, token_type: Bearer, expires_in: 3600 } }
    response: { status: 200, body: { me: 1 } }
    expect: { ok: true, output: { me: 1 } }
`));
    assert.equal(t.state, 'passed', JSON.stringify(t.failures));
    const [token, api] = t.fixtureRequests!;
    assert.equal(token.kind, 'token');
    assert.equal(token.origin, 'https://login.example.org');
    assert.equal(token.path, '/oauth/token');
    assert.equal(token.headers.authorization, `Basic ${Buffer.from('my-client:fixture-secret-client_secret').toString('base64')}`);
    assert.equal(api.kind, 'api');
    assert.equal(api.headers.authorization, 'Bearer tok-123');
  });

  it('without tokenResponse a valid default token is served', async () => {
    const t = await onlyTest(integration(`${OAUTH}tests:
  - name: t
    response: { status: 200, body: {} }
    expect: { ok: true }
`));
    assert.equal(t.state, 'passed', JSON.stringify(t.failures));
    assert.equal(t.fixtureRequests![1].headers.authorization, 'Bearer fixture-access-token');
  });

  it('a refused token request fails as auth_failed', async () => {
    const t = await onlyTest(integration(`${OAUTH}tests:
  - name: t
    tokenResponse: { status: 401, body: { error: invalid_client } }
    response: { status: 200, body: {} }
    expect: { error: auth_failed }
`));
    assert.equal(t.state, 'passed', JSON.stringify(t.failures));
  });

  it('a single 401 `response` answers again after the refresh (one refresh, one retry)', async () => {
    const t = await onlyTest(integration(`${OAUTH}tests:
  - name: t
    response: { status: 401 }
    expect: { error: auth_failed, attempts: 2 }
`));
    assert.equal(t.state, 'passed', JSON.stringify(t.failures));
    assert.deepEqual(t.fixtureRequests!.map((r) => r.kind), ['token', 'api', 'token', 'api']);
  });
});

describe('ion test: virtual time', () => {
  it('a 429 with Retry-After: 30 then 200 finishes at once and reports the 30 s virtual wait', async () => {
    const t = await onlyTest(integration(`${GET}retry: { maxAttempts: 2, respectRetryAfter: true }
tests:
  - name: t
    responses:
      - { status: 429, headers: { Retry-After: "30" } }
      - { status: 200, body: { id: 1 } }
    expect: { ok: true, attempts: 2 }
`));
    assert.equal(t.state, 'passed', JSON.stringify(t.failures));
    assert.equal(t.virtualWaitMs, 30_000);
    assert.equal(t.result!.attempts[1].waitMs, 30_000, 'the attempt reports the real policy wait');
    assert.ok(t.result!.durationMs >= 30_000, 'the run reports what it would have taken live');
    assert.ok(t.durationMs < 30_000, 'and the test did not wait for it');
  });

  it('maxDurationMs counts the virtual waits', async () => {
    const t = await onlyTest(integration(`${GET}retry: { maxAttempts: 2 }
tests:
  - name: t
    responses:
      - { status: 429, headers: { Retry-After: "30" } }
      - { status: 200, body: {} }
    expect: { ok: true, maxDurationMs: 10000 }
`));
    assert.deepEqual(failureKeys(t), ['maxDurationMs']);
  });

  it('a fixture delay past request.timeout is a timeout, without waiting', async () => {
    const t = await onlyTest(integration(`request: { method: GET, url: "{{ vars.baseUrl }}/slow", timeout: 20s }
tests:
  - name: t
    response: { status: 200, body: {}, delay: 5m }
    expect: { error: timeout, attempts: 1 }
`));
    assert.equal(t.state, 'passed', JSON.stringify(t.failures));
    assert.equal(t.virtualWaitMs, 20_000, 'virtual time advanced by the timeout');
    assert.ok(t.durationMs < 20_000);
  });

  it('a delay under the timeout answers, and a timeout is retried when the policy says so', async () => {
    const t = await onlyTest(integration(`request: { method: GET, url: "{{ vars.baseUrl }}/slow", timeout: 2s }
retry: { maxAttempts: 2, on: [timeout], backoff: { initial: 100ms, jitter: none } }
tests:
  - name: t
    responses:
      - { status: 200, body: { n: 1 }, delay: 10s }
      - { status: 200, body: { n: 2 }, delay: 1500ms }
    expect: { ok: true, attempts: 2, output: { n: 2 } }
`));
    assert.equal(t.state, 'passed', JSON.stringify(t.failures));
    assert.deepEqual(t.result!.attempts.map((a) => a.error ?? a.status), ['timeout', 200]);
    assert.equal(t.virtualWaitMs, 2000 + 100 + 1500);
  });
});

describe('ion test: live tests', () => {
  const LIVE = (origin: string) => `version: 1
name: live-sample
request:
  method: GET
  url: "${origin}/live"
  headers: { Authorization: "Bearer {{ secret.token }}" }
tests:
  - name: offline
    response: { status: 200, body: { live: false } }
    expect: { output: { live: false } }
  - name: against the real API
    live: true
    response: { status: 200, body: { live: false } }
    expect: { output: { live: true } }
`;

  it('are skipped without --live', async () => {
    const r = await runText(LIVE('https://api.example.com'));
    assert.deepEqual(r.tests.map((t) => t.state), ['passed', 'skipped']);
    assert.match(r.tests[1].skippedReason!, /--live/);
  });

  it('call the real API with the real secrets with --live', async () => {
    const api = await startServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ live: req.headers.authorization === 'Bearer real-token' }));
    });
    try {
      const r = await runText(LIVE(api.origin), {
        live: true,
        liveOptions: { secrets: { get: async (n) => (n === 'token' ? 'real-token' : undefined), allowOrigin: async () => true }, env: {} },
      });
      assert.deepEqual(r.tests.map((t) => t.state), ['passed', 'passed'], JSON.stringify(r.tests.map((t) => t.failures)));
      assert.equal(api.requests.length, 1);
      assert.ok(!JSON.stringify(r).includes('real-token'), 'the real secret is masked');
    } finally {
      await api.close();
    }
  });
});
