import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseIntegration } from '../../../src/core/parse';
import type { Clock } from '../../../src/core/ports';
import { postAlert } from '../../../src/core/serve';
import { startServe } from '../../../src/core/serve';
import { startServer, type TestServer } from '../../helpers/server';
import { folder, post, runLog, serve, until, type Served } from './helpers';

const TOKEN = 'sk_live_alert_test_51Hx9QwErTy';

/** A webhook run that calls the test's API with the secret; the API fails while `failing`. */
const hooked = (api: string, alerts: string) => `version: 1
name: orders-hook
pattern: event-driven
trigger:
  type: webhook
  path: /hooks/orders
request:
  url: "${api}/orders"
  headers:
    Authorization: "Bearer {{ secret.api_token }}"
${alerts}
`;

describe('ion serve --alert-url (a real receiver)', function () {
  this.timeout(60_000);
  let api: TestServer;
  let receiver: TestServer;
  let failing = true;
  const running: Served[] = [];
  before(async () => {
    api = await startServer((req, res) => {
      // The failure echoes the credential back, as some APIs do: it must never reach an alert.
      res.writeHead(failing ? 503 : 200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: failing ? `bad gateway for ${String(req.headers.authorization)}` : null }));
    });
    receiver = await startServer((_req, res) => {
      res.writeHead(200);
      res.end('ok');
    });
  });
  afterEach(() => {
    failing = true;
    receiver.requests.length = 0;
    for (const s of running.splice(0)) s.proc.kill('SIGKILL');
  });
  after(async () => {
    await api.close();
    await receiver.close();
  });

  it('after N failures in a row: one POST {"text"}, none while still failing, one "recovered"; the secret never in the text', async () => {
    const dir = folder({ 'orders.ion.yaml': hooked(api.origin, 'alerts: { after: 2 }') });
    const s = await serve(dir, ['--concurrency', '1', '--alert-url', `${receiver.origin}/hooks/slack`], { ION_SECRET_API_TOKEN: TOKEN });
    running.push(s);
    const fire = async (n: number) => {
      const r = await post(s.port, '/hooks/orders', JSON.stringify({ id: n }));
      assert.equal(r.status, 202, r.body);
      await until(`run ${n}`, () => runLog(dir).length === n);
    };
    await fire(1);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(receiver.requests.length, 0, 'one failure is below after: 2');
    await fire(2);
    await until('the failing alert', () => receiver.requests.length === 1);
    await fire(3);
    failing = false;
    await fire(4);
    await until('the recovered alert', () => receiver.requests.length === 2);
    await fire(5);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(receiver.requests.length, 2);
    const [first, second] = receiver.requests;
    assert.equal(first.method, 'POST');
    assert.equal(first.url, '/hooks/slack');
    assert.match(String(first.headers['content-type']), /application\/json/);
    const a = JSON.parse(first.body) as { text: string };
    assert.deepEqual(Object.keys(a), ['text']);
    assert.match(a.text, /orders-hook .*is failing: 2 webhook runs in a row failed, the last with server_error \(HTTP 503\)/);
    assert.match(a.text, /Hint: Retry later/);
    assert.match((JSON.parse(second.body) as { text: string }).text, /orders-hook.* recovered after 3 failed runs/);
    for (const r of receiver.requests) {
      assert.ok(!r.body.includes(TOKEN), 'the secret is not in the alert');
      assert.ok(!r.body.includes(Buffer.from(TOKEN).toString('base64')), 'nor its base64');
    }
    assert.match(s.stderr(), /alert sent/);
  });

  it('a receiver that fails is logged and the runs go on', async () => {
    const dir = folder({ 'orders.ion.yaml': hooked(api.origin, '') });
    const s = await serve(dir, ['--alert-url', `http://127.0.0.1:1/nothing-listens`], { ION_SECRET_API_TOKEN: TOKEN });
    running.push(s);
    const r = await post(s.port, '/hooks/orders', '{}');
    assert.equal(r.status, 202);
    await until('the run', () => runLog(dir).length === 1);
    await until('the log line', () => /alert not sent \(network error/.test(s.stderr()));
    const r2 = await post(s.port, '/hooks/orders', '{}');
    assert.equal(r2.status, 202);
    await until('the second run', () => runLog(dir).length === 2);
  });

  it('bad usage: --alert-url that is not http(s) exits 2', async () => {
    const dir = folder({ 'orders.ion.yaml': hooked(api.origin, '') });
    await assert.rejects(serve(dir, ['--alert-url', 'ftp://example.invalid/x']), /exited 2/);
  });

  it('repeat on a fake clock: startServe feeds the policy its clock; postAlert times out on a silent receiver', async () => {
    let now = Date.UTC(2026, 2, 15, 12, 0, 0);
    const clock: Clock = { now: () => now, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };
    const dir = mkdtempSync(join(tmpdir(), 'ion-alert-'));
    const text = hooked(api.origin, 'alerts: { after: 1, repeat: 1h }');
    const posted: string[] = [];
    const handle = await startServe({
      targets: [{ file: join(dir, 'orders.ion.yaml'), parsed: parseIntegration(text) }],
      port: 0,
      runLogPath: join(dir, 'runs.jsonl'),
      inboxDir: join(dir, 'inbox'),
      schedules: false,
      secrets: { get: async () => TOKEN, allowOrigin: async () => true },
      env: {},
      clock,
      onAlert: (alert) => {
        void postAlert(`${receiver.origin}/a`, alert.text).then((r) => r.ok && posted.push(alert.kind));
      },
    });
    try {
      const fire = async () => {
        assert.equal((await post(handle.port, '/hooks/orders', '{}')).status, 202);
        await handle.idle();
      };
      await fire();
      await until('first alert', () => posted.length === 1);
      now += 59 * 60_000;
      await fire();
      now += 60_000;
      await fire();
      await until('the repeat', () => posted.length === 2);
      failing = false;
      await fire();
      await until('recovered', () => posted.length === 3);
      assert.deepEqual(posted, ['failing', 'failing', 'recovered']);
      assert.equal(receiver.requests.length, 3);
    } finally {
      await handle.stop();
    }
    const silent = await startServer(() => new Promise(() => undefined));
    try {
      const t0 = Date.now();
      const r = await postAlert(`${silent.origin}/x`, 'hello', { timeoutMs: 300 });
      assert.deepEqual(r, { ok: false, error: 'no answer within 300 ms' });
      assert.ok(Date.now() - t0 < 3000);
    } finally {
      void silent.close();
    }
  });
});
