import { strict as assert } from 'node:assert';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deliverOutputs } from '../../../src/core/output/deliver';
import { parseIntegration } from '../../../src/core/parse';
import { runIntegration } from '../../../src/core/engine/run';
import { createDefaultTransport } from '../../../src/core/http/transport';
import { json, startServer, sequence, type TestServer } from '../../helpers/server';
import { mapSecrets, runYaml } from '../../helpers/engine';
import { fakeClock } from '../../helpers/clock';

function file(api: TestServer, hook: TestServer, extra = ''): string {
  return `version: 1
name: notify
auth: { type: bearer, token: "{{ secret.api_token }}" }
request: { url: "${api.origin}/item" }
output:
  to:
    - { type: http, url: "{{ secret.hook_url }}", headers: { X-Source: ion }${extra} }
`;
}

describe('http output', () => {
  let api: TestServer;
  let hook: TestServer;
  afterEach(async () => {
    await api?.close();
    await hook?.close();
  });

  it('posts the output as JSON without the integration\'s auth', async () => {
    api = await startServer((_req, res) => json(res, 200, { id: 7 }));
    hook = await startServer((_req, res) => { res.writeHead(204); res.end(); });
    const secrets = mapSecrets({ api_token: 'tok-SECRET-1', hook_url: `${hook.origin}/hooks/T0/B0/xyzSECRET` });
    const { result } = await runYaml(file(api, hook), { secrets, hooks: { deliverOutputs } });
    assert.equal(result.ok, true, JSON.stringify(result.errors));
    assert.equal(hook.requests.length, 1);
    const r = hook.requests[0];
    assert.equal(r.method, 'POST');
    assert.equal(r.headers['content-type'], 'application/json');
    assert.equal(r.headers['x-source'], 'ion');
    assert.equal(r.headers.authorization, undefined);
    assert.deepEqual(JSON.parse(r.body), { id: 7 });
    assert.ok(!JSON.stringify(result).includes('xyzSECRET'));
  });

  it('fails as output_failed, without retrying, when the target errors and has no idempotencyKey', async () => {
    api = await startServer((_req, res) => json(res, 200, { id: 7 }));
    hook = await startServer((_req, res) => json(res, 503, {}));
    const secrets = mapSecrets({ api_token: 't-1234567', hook_url: `${hook.origin}/h` });
    const { result } = await runYaml(file(api, hook), { secrets, hooks: { deliverOutputs } });
    assert.equal(result.ok, false);
    assert.equal(result.errors[0].code, 'output_failed');
    assert.match(result.errors[0].hint, /idempotencyKey/);
    assert.equal(hook.requests.length, 1);
  });

  it('retries with its own idempotencyKey', async () => {
    api = await startServer((_req, res) => json(res, 200, { id: 7 }));
    hook = await startServer(sequence((_q, res) => json(res, 503, {}), (_q, res) => { res.writeHead(204); res.end(); }));
    const secrets = mapSecrets({ api_token: 't-1234567', hook_url: `${hook.origin}/h` });
    const { result, clock } = await runYaml(file(api, hook, ', idempotencyKey: "notify-{{ uuid }}"'), { secrets, hooks: { deliverOutputs } });
    assert.equal(result.ok, true, JSON.stringify(result.errors));
    assert.equal(hook.requests.length, 2);
    assert.equal(hook.requests[0].headers['idempotency-key'], hook.requests[1].headers['idempotency-key']);
    assert.equal(clock.waits.length, 1);
  });

  it('a target answering 500 with a body too large to read is output_failed, not delivered', async () => {
    api = await startServer((_req, res) => json(res, 200, { id: 7 }));
    const big = 'x'.repeat(2_000_000);
    hook = await startServer((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain', 'content-length': big.length });
      res.end(big);
    });
    const secrets = mapSecrets({ api_token: 't-1234567', hook_url: `${hook.origin}/h` });
    const { result } = await runYaml(file(api, hook), { secrets, hooks: { deliverOutputs } });
    assert.equal(result.ok, false);
    assert.equal(result.errors[0]?.code, 'output_failed', JSON.stringify(result.errors));
    assert.match(result.errors[0].message, /not confirmed/);
  });

  it('a cancel during the backoff between deliveries is cancelled, not output_failed', async () => {
    api = await startServer((_req, res) => json(res, 200, { id: 7 }));
    hook = await startServer((_req, res) => json(res, 503, {}));
    const ac = new AbortController();
    // The person cancels while the output waits to retry; the sleep observes the signal.
    const clock = fakeClock();
    const sleeps: number[] = [];
    clock.sleep = async (ms, signal) => {
      sleeps.push(ms);
      ac.abort();
      if (signal?.aborted) throw signal.reason ?? new Error('aborted');
    };
    const secrets = mapSecrets({ api_token: 't-1234567', hook_url: `${hook.origin}/h` });
    const { result } = await runYaml(file(api, hook, ', idempotencyKey: "k-1"'), { secrets, clock, signal: ac.signal, hooks: { deliverOutputs } });
    assert.equal(sleeps.length, 1);
    assert.equal(hook.requests.length, 1);
    assert.equal(result.errors[0]?.code, 'cancelled', JSON.stringify(result.errors));
  });

  it('refuses to send a secret-bearing output URL to an origin the secret is not bound to', async () => {
    api = await startServer((_req, res) => json(res, 200, { id: 7 }));
    hook = await startServer((_req, res) => { res.writeHead(204); res.end(); });
    const secrets = mapSecrets({ api_token: 't-1234567', hook_url: `${hook.origin}/h` }, { hook_url: ['https://hooks.slack.com'] });
    const { result } = await runYaml(file(api, hook), { secrets, hooks: { deliverOutputs } });
    assert.equal(result.errors[0].code, 'secret_blocked');
    assert.equal(hook.requests.length, 0);
  });
});

describe('outputs never carry a secret', () => {
  let api: TestServer;
  let hook: TestServer;
  afterEach(async () => {
    await api?.close();
    await hook?.close();
  });

  it('masks a secret the API echoed back before writing the file output and posting the http output', async () => {
    const token = 'echo-SECRET-tok-42';
    // An API that echoes the Authorization header in its body (httpbin-style).
    api = await startServer((req, res) => json(res, 200, { seen: req.headers.authorization }));
    hook = await startServer((_req, res) => { res.writeHead(204); res.end(); });
    const dir = await mkdtemp(join(tmpdir(), 'ion-mask-'));
    const file = join(dir, 'echo.ion.yaml');
    const text = `version: 1
name: echo
auth: { type: bearer, token: "{{ secret.api_token }}" }
request: { url: "${api.origin}/echo" }
output:
  to:
    - { type: file, path: out/echo.jsonl }
    - { type: http, url: "${hook.origin}/h" }
`;
    await writeFile(file, text);
    const transport = createDefaultTransport();
    try {
      const result = await runIntegration(parseIntegration(text), {
        file,
        secrets: mapSecrets({ api_token: token }),
        env: {},
        transport,
        hooks: { deliverOutputs },
      });
      assert.equal(result.ok, true, JSON.stringify(result.errors));
    } finally {
      await transport.close();
    }
    const written = await readFile(join(dir, 'out', 'echo.jsonl'), 'utf8');
    assert.ok(!written.includes(token), written);
    assert.match(written, /Bearer \*\*\*/);
    assert.equal(hook.requests.length, 1);
    assert.ok(!hook.requests[0].body.includes(token));
  });
});
