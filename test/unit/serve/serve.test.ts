import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'node:http';
import { signHeaders, type SignatureCheck } from '../../../src/core/serve';
import { startServer, type TestServer } from '../../helpers/server';
import { parseExposition } from './exposition';
import { folder, get, post, runLog, serve, until, type Served } from './helpers';

const SECRET = `whsec_${Buffer.from('a test signing key of 32 bytes!!').toString('base64')}`;
const CHECK: SignatureCheck = { scheme: 'standard', secret: SECRET };
const ENV = { ION_SECRET_HOOK_KEY: SECRET };

/** Push-only: no request; the output is the event's JSON. */
const PUSH = `version: 1
name: orders-in
pattern: push
trigger:
  type: webhook
  path: /hooks/orders
  signature: { scheme: standard, secret: "{{ secret.hook_key }}" }
transform: |
  return { id: input.json.id, via: input.event.method + ' ' + input.event.path, topic: input.event.headers['x-topic'] || null };
output:
  to:
    - { type: file, path: out/orders.jsonl, format: jsonl }
`;

/** Event-driven with a request to the test's API (slow on purpose where a test needs it). */
const fetchOnEvent = (api: string) => `version: 1
name: fetch-on-event
pattern: event-driven
trigger:
  type: webhook
  signature: { scheme: github, secret: "{{ secret.gh_key }}" }
request:
  url: "${api}/items/{{ input.id }}"
transform: |
  return { id: input.params.id, item: input.json, delivery: input.event.headers['x-github-delivery'] };
`;

let seq = 0;
function signed(body: unknown, check: SignatureCheck = CHECK, id = `msg_${process.pid}_${++seq}`): { body: string; headers: Record<string, string> } {
  const text = JSON.stringify(body);
  return { body: text, headers: signHeaders(check, Buffer.from(text), Date.now(), id) };
}

describe('ion serve (the built CLI, real HTTP)', function () {
  this.timeout(40_000);
  const running: Served[] = [];
  let api: TestServer;
  let delayMs = 0;
  before(async () => {
    api = await startServer(async (req, res) => {
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ path: req.url }));
    });
  });
  afterEach(() => {
    delayMs = 0;
    for (const s of running.splice(0)) s.proc.kill('SIGKILL');
  });
  after(() => api.close());
  const start = async (dir: string, args: string[] = [], env: Record<string, string> = ENV) => {
    const s = await serve(dir, args, env);
    running.push(s);
    return s;
  };

  it('a signed event: 202 {runId}, then the run in the log with that id; the transform sees input.event', async () => {
    const dir = folder({ 'orders-in.ion.yaml': PUSH });
    const s = await start(dir);
    const ev = signed({ id: 'SO-1' });
    const r = await post(s.port, '/hooks/orders?src=test', ev.body, { ...ev.headers, 'X-Topic': 'orders/create' });
    assert.equal(r.status, 202, r.body);
    const { runId } = JSON.parse(r.body) as { runId: string };
    assert.match(runId, /^[0-9a-f-]{36}$/);
    await until('the run', () => runLog(dir).length === 1);
    const [line] = runLog(dir);
    assert.deepEqual([line.integration, line.trigger, line.ok, line.errorCode, line.runId], ['orders-in', 'webhook', true, null, runId]);
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'out', 'orders.jsonl'), 'utf8')), { id: 'SO-1', via: 'POST /hooks/orders', topic: 'orders/create' });
  });

  it('replays (same delivery id) answer 200 and run nothing; bad or missing signatures answer 401 and run nothing', async () => {
    const dir = folder({ 'orders-in.ion.yaml': PUSH });
    const s = await start(dir);
    const ev = signed({ id: 'SO-2' });
    assert.equal((await post(s.port, '/hooks/orders', ev.body, ev.headers)).status, 202);
    const again = await post(s.port, '/hooks/orders', ev.body, ev.headers);
    assert.deepEqual([again.status, JSON.parse(again.body)], [200, { duplicate: true }]);
    const tampered = await post(s.port, '/hooks/orders', ev.body.replace('SO-2', 'SO-3'), { ...ev.headers, 'webhook-id': 'other' });
    assert.equal(tampered.status, 401);
    assert.equal((await post(s.port, '/hooks/orders', ev.body, {})).status, 401);
    const stale = signHeaders(CHECK, Buffer.from(ev.body), Date.now() - 10 * 60_000, 'old');
    assert.equal((await post(s.port, '/hooks/orders', ev.body, stale)).status, 401, 'a timestamp 10 minutes old');
    await until('the run', () => runLog(dir).length >= 1);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(runLog(dir).length, 1, 'one run only');
    const m = parseExposition((await get(s.port, '/metrics')).body);
    assert.equal(m.value('ion_webhook_events_total', { integration: 'orders-in', result: 'accepted' }), 1);
    assert.equal(m.value('ion_webhook_events_total', { integration: 'orders-in', result: 'duplicate' }), 1);
    assert.equal(m.value('ion_webhook_events_total', { integration: 'orders-in', result: 'bad_signature' }), 3);
  });

  it('/metrics is valid Prometheus exposition (strict parser, and promtool); /healthz lists schedules', async () => {
    const dir = folder({
      'orders-in.ion.yaml': PUSH,
      'tick.ion.yaml': `version: 1\nname: tick\ntrigger: { type: schedule, cron: "0 3 * * *", timezone: Europe/Madrid }\nrequest: { url: "${api.origin}/tick" }\n`,
    });
    const s = await start(dir);
    const ev = signed({ id: 'SO-9' });
    await post(s.port, '/hooks/orders', ev.body, ev.headers);
    await until('the run', () => runLog(dir).length === 1);
    assert.deepEqual(runLog(dir).map((l) => [l.ok, l.errorCode]), [[true, null]]);
    // The run log line is written inside the run; the metrics right after it.
    let text = '';
    await until('the metrics', async () => /ion_runs_total\{/.test((text = (await get(s.port, '/metrics')).body)));
    const m = parseExposition(text);
    assert.equal(m.value('ion_runs_total', { integration: 'orders-in', environment: '', trigger: 'webhook', outcome: 'success' }), 1, text);
    assert.equal(m.value('ion_run_duration_seconds_count', { integration: 'orders-in', environment: '' }), 1);
    assert.ok(m.value('ion_last_success_timestamp_seconds', { integration: 'orders-in' })! > Date.now() / 1000 - 60);
    assert.equal(m.value('ion_inbox_depth', {}), 0);
    const promtool = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    // promtool comes from Debian's prometheus package, which `npm run host:setup` (run by npm test) installs.
    if (promtool.error) assert.fail(`promtool is not installed (${promtool.error.message}): run \`npm run host:setup\` (it installs Debian's prometheus package)`);
    assert.equal(promtool.status, 0, `${promtool.stdout}${promtool.stderr}`);
    const health = JSON.parse((await get(s.port, '/healthz')).body);
    assert.equal(health.ok, true);
    assert.deepEqual(health.webhooks, [{ integration: 'orders-in', method: 'POST', path: '/hooks/orders', signature: 'standard' }]);
    assert.equal(health.schedules[0].integration, 'tick');
    assert.match(health.schedules[0].nextRun, /^\d{4}-\d\d-\d\dT0[12]:00:00\.000Z$/, '03:00 in Madrid');
  });

  it('413 over 1MB (declared, or streamed without a length) without a run; 403 for a foreign Host or a browser Origin', async () => {
    const dir = folder({ 'orders-in.ion.yaml': PUSH });
    const s = await start(dir);
    const big = Buffer.alloc(1024 * 1024 + 1, 0x20);
    assert.equal((await post(s.port, '/hooks/orders', big, signHeaders(CHECK, big, Date.now(), 'big'))).status, 413);
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: s.port, path: '/hooks/orders', method: 'POST', headers: { 'Transfer-Encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject);
      const piece = Buffer.alloc(64 * 1024, 0x20);
      let sent = 0;
      const more = () => {
        while (sent < 2 * 1024 * 1024) {
          sent += piece.length;
          if (!req.write(piece)) return void req.once('drain', more);
        }
        req.end();
      };
      more();
    });
    assert.equal(chunked, 413);
    const ev = signed({ id: 'SO-4' });
    assert.equal((await post(s.port, '/hooks/orders', ev.body, { ...ev.headers, Host: `rebind.example:${s.port}` })).status, 403);
    assert.equal((await post(s.port, '/hooks/orders', ev.body, { ...ev.headers, Origin: 'https://evil.example' })).status, 403);
    assert.equal((await post(s.port, '/hooks/orders', ev.body, { ...ev.headers, Host: `localhost:${s.port}` })).status, 202, 'localhost is this listener');
    await until('the run', () => runLog(dir).length === 1);
    const m = parseExposition((await get(s.port, '/metrics')).body);
    assert.equal(m.value('ion_webhook_events_total', { integration: 'orders-in', result: 'too_large' }), 2);
  });

  it('a full queue answers 503 with Retry-After; every accepted event still runs', async () => {
    delayMs = 400;
    const dir = folder({ 'fetch-on-event.ion.yaml': fetchOnEvent(api.origin) });
    const gh: SignatureCheck = { scheme: 'github', secret: 'gh-secret' };
    const s = await start(dir, ['--concurrency', '1', '--queue', '2'], { ION_SECRET_GH_KEY: 'gh-secret' });
    const answers = [];
    for (let i = 0; i < 4; i++) {
      const ev = signed({ id: i }, gh);
      answers.push(await post(s.port, '/hooks/fetch-on-event', ev.body, ev.headers));
    }
    assert.deepEqual(answers.map((a) => a.status), [202, 202, 503, 503]);
    assert.equal(answers[2].headers['retry-after'], '5');
    await until('both runs', () => runLog(dir).length === 2);
    assert.deepEqual(runLog(dir).map((l) => [l.ok, l.runId]), answers.slice(0, 2).map((a) => [true, JSON.parse(a.body).runId]));
  });

  it('SIGTERM: stops accepting, finishes the running run, exits 0', async () => {
    delayMs = 1500;
    const dir = folder({ 'fetch-on-event.ion.yaml': fetchOnEvent(api.origin) });
    const gh: SignatureCheck = { scheme: 'github', secret: 'gh-secret' };
    const s = await start(dir, [], { ION_SECRET_GH_KEY: 'gh-secret' });
    const ev = signed({ id: 'slow' }, gh);
    assert.equal((await post(s.port, '/hooks/fetch-on-event', ev.body, ev.headers)).status, 202);
    await until('the request to reach the API', () => api.requests.some((r) => r.url === '/items/slow'));
    s.proc.kill('SIGTERM');
    assert.equal(await s.exited, 0, s.stderr());
    assert.deepEqual(runLog(dir).map((l) => [l.ok, l.errorCode]), [[true, null]], 'the run finished before the exit');
  });

  it('--host beyond loopback is refused while a webhook has no signature; an unknown --env too (exit 2)', async () => {
    const dir = folder({ 'open.ion.yaml': `version: 1\nname: open\ntrigger: { type: webhook }\n` });
    const r = spawnSync(process.execPath, ['--', join(__dirname, '..', '..', '..', 'dist', 'cli.js'), 'serve', '--host', '0.0.0.0', '--port', '0'], { cwd: dir, encoding: 'utf8', timeout: 10_000 });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /every webhook needs a signature, and open has none/);
    const env = spawnSync(process.execPath, ['--', join(__dirname, '..', '..', '..', 'dist', 'cli.js'), 'serve', '--env', 'nope', '--port', '0'], { cwd: dir, encoding: 'utf8', timeout: 10_000 });
    assert.equal(env.status, 2, env.stderr);
    assert.match(env.stderr, /unknown environment 'nope' in open/);
  });

  it('crash: SIGKILL in the middle of a burst, restart: every acknowledged event completes exactly once', async () => {
    delayMs = 30;
    const dir = folder({ 'fetch-on-event.ion.yaml': fetchOnEvent(api.origin) });
    const gh: SignatureCheck = { scheme: 'github', secret: 'gh-secret' };
    const env = { ION_SECRET_GH_KEY: 'gh-secret' };
    const s = await start(dir, ['--concurrency', '8'], env);
    const acked: string[] = [];
    let killed = false;
    const sendOne = async (i: number) => {
      const ev = signed({ id: `c${i}` }, gh);
      try {
        const r = await post(s.port, '/hooks/fetch-on-event', ev.body, ev.headers);
        if (r.status === 202) acked.push(JSON.parse(r.body).runId);
      } catch {
        // the connection died with the process: not acknowledged
      }
    };
    const burst = Array.from({ length: 150 }, (_, i) => i);
    const workers = Array.from({ length: 16 }, async () => {
      while (burst.length > 0) {
        const i = burst.shift()!;
        if (i === 60 && !killed) {
          killed = true;
          s.proc.kill('SIGKILL');
        }
        await sendOne(i);
      }
    });
    await Promise.all(workers);
    await s.exited;
    const before = runLog(dir).length;
    assert.ok(acked.length >= 40, `acknowledged ${acked.length}`);
    assert.ok(before < acked.length, `some acknowledged events were still unfinished at the kill (${before}/${acked.length})`);
    await start(dir, [], env);
    await until('every acknowledged event', () => new Set(runLog(dir).map((l) => l.runId)).size >= acked.length);
    await new Promise((r) => setTimeout(r, 300));
    const ids = runLog(dir).map((l) => l.runId!);
    for (const id of acked) assert.equal(ids.filter((x) => x === id).length, 1, `run ${id} exactly once`);
    assert.equal(ids.length, new Set(ids).size, 'no run twice');
  });

  it('load: 2,000 signed events at concurrency 32: each acknowledged one is in the run log exactly once', async function () {
    this.timeout(90_000);
    const dir = folder({ 'orders-in.ion.yaml': PUSH.replace(/transform: \|\n.*\n/, '') });
    const s = await start(dir, ['--concurrency', '16']);
    const acked: string[] = [];
    let busy = 0;
    const queue = Array.from({ length: 2000 }, (_, i) => i);
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (queue.length > 0) {
          const ev = signed({ id: `L${queue.shift()}` });
          // A full queue answers 503 + Retry-After: the sender retries the same delivery, which must
          // then be accepted (it was not kept), never answered as a duplicate.
          for (;;) {
            const r = await post(s.port, '/hooks/orders', ev.body, ev.headers);
            if (r.status === 503) {
              assert.ok(Number(r.headers['retry-after']) >= 1, 'a 503 says when to retry');
              busy++;
              await new Promise((w) => setTimeout(w, 50));
              continue;
            }
            assert.equal(r.status, 202, r.body);
            acked.push(JSON.parse(r.body).runId);
            break;
          }
        }
      }),
    );
    assert.equal(acked.length, 2000, `every event acknowledged once (${busy} answers were 503)`);
    await until('every run', () => runLog(dir).length >= 2000, 60_000);
    const ids = runLog(dir).map((l) => l.runId);
    assert.deepEqual([...ids].sort(), [...acked].sort());
  });
});
