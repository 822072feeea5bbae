/**
 * The trigger host (src/extension/triggers/child.ts), the child process of the editor's Start
 * Triggers, driven over its IPC channel as the extension drives it: secrets only when it asks,
 * Send Test Event signed by the child, the run in the run log, a clean stop. Real loopback API.
 */
import { strict as assert } from 'node:assert';
import { fork, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childEnv, type FromChild, type ToChild } from '../../../src/extension/triggers/protocol';

const CHILD = join(__dirname, '..', '..', '..', 'src', 'extension', 'triggers', 'child.ts');
const FIXTURE = join(__dirname, '..', '..', 'host', 'workspace', 'order-hook.ion.yaml');

describe('trigger host (child process of Start Triggers)', function () {
  this.timeout(30000);
  let api: Server;
  let origin: string;
  let dir: string;
  let child: ChildProcess | undefined;
  const seen: string[] = [];

  before(async () => {
    api = createServer((req, res) => {
      seen.push(`${req.url} ${req.headers.authorization}`);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id":1}');
    });
    await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => api.close(() => r())));
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ion-trigger-host-'));
    copyFileSync(FIXTURE, join(dir, 'order-hook.ion.yaml'));
    seen.length = 0;
  });
  afterEach(() => {
    child?.kill('SIGKILL');
    child = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  /** Starts the child; answers secrets from `secrets` and every origin with `allow`. */
  function start(secrets: Record<string, string>, allow = true) {
    const messages: FromChild[] = [];
    const waiters: Array<{ accept: (m: FromChild) => boolean; resolve: (m: FromChild) => void }> = [];
    const c = fork(CHILD, [], { execArgv: ['--import', 'tsx'], env: childEnv(process.env), stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child = c;
    const exit = new Promise<number | null>((r) => c.on('exit', (code) => r(code)));
    c.on('message', (m: FromChild) => {
      messages.push(m);
      if (m.type === 'secret-get') c.send({ type: 'secret', id: m.id, value: secrets[m.name] ?? null } satisfies ToChild);
      if (m.type === 'origin-ask') c.send({ type: 'origin', id: m.id, allowed: allow } satisfies ToChild);
      for (const w of waiters.filter((x) => x.accept(m))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    });
    const next = <T extends FromChild['type']>(type: T, accept: (m: Extract<FromChild, { type: T }>) => boolean = () => true) =>
      new Promise<Extract<FromChild, { type: T }>>((resolve) => {
        waiters.push({ accept: (m) => m.type === type && accept(m as Extract<FromChild, { type: T }>), resolve: (m) => resolve(m as Extract<FromChild, { type: T }>) });
      });
    c.send({
      type: 'start',
      files: [join(dir, 'order-hook.ion.yaml')],
      host: '127.0.0.1',
      port: 0,
      runLogPath: join(dir, 'runs.jsonl'),
      inboxDir: join(dir, '.ion', 'inbox'),
      schedules: false,
      webhooks: true,
      env: { ION_HOST_TEST_API: origin },
    } satisfies ToChild);
    return { c, messages, next, exit };
  }

  it('asks for the secrets over IPC, signs and posts a test event (202 + runId), the run lands in the run log; stops cleanly', async () => {
    const h = start({ hook_signing_secret: 'sign-s3cret', hook_api_token: 'tok-s3cret' });
    const started = await h.next('started');
    assert.deepEqual(started.webhooks, [{ integration: 'order-hook', method: 'POST', path: '/hooks/order-hook', signature: 'github' }]);
    h.c.send({ type: 'test-event', id: 7, integration: 'order-hook', input: { login: 'ada' } } satisfies ToChild);
    const answer = await h.next('test-answer');
    assert.equal(answer.id, 7);
    assert.equal(answer.status, 202, answer.text);
    const runId = (JSON.parse(answer.text) as { runId: string }).runId;
    await h.next('log', (m) => /webhook order-hook: ok/.test(m.line));
    const entry = readFileSync(join(dir, 'runs.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>).find((e) => e.runId === runId);
    assert.equal(entry?.trigger, 'webhook');
    assert.deepEqual(seen, ['/users/ada Bearer tok-s3cret']);
    const asked = h.messages.flatMap((m) => (m.type === 'secret-get' ? [m.name] : m.type === 'origin-ask' ? [`${m.name} ${m.origin}`] : []));
    assert.deepEqual(asked, ['hook_signing_secret', 'hook_signing_secret', 'hook_api_token', `hook_api_token ${origin}`]);
    const status = await h.next('status', (m) => m.served === 1);
    assert.equal(status.nextSchedule, null);
    // No line the child sent carries a secret value.
    assert.doesNotMatch(JSON.stringify(h.messages.filter((m) => m.type === 'log')), /s3cret/);
    h.c.send({ type: 'stop' } satisfies ToChild);
    assert.equal(await h.exit, 0);
    assert.ok(h.messages.some((m) => m.type === 'stopped'));
  });

  it('an origin the user refuses sends nothing; a signature secret that is not set fails the start with the editor\'s hint', async () => {
    const refused = start({ hook_signing_secret: 'sign-s3cret', hook_api_token: 'tok-s3cret' }, false);
    await refused.next('started');
    refused.c.send({ type: 'test-event', id: 1, integration: 'order-hook', input: { login: 'bob' } } satisfies ToChild);
    assert.equal((await refused.next('test-answer')).status, 202);
    assert.match((await refused.next('log', (m) => /^webhook order-hook: /.test(m.line))).line, /: secret_blocked/);
    assert.deepEqual(seen, []);
    refused.c.kill('SIGTERM');
    assert.equal(await refused.exit, 0);

    const unset = start({});
    const failed = await unset.next('failed');
    assert.match(failed.message, /hook_signing_secret is not set \("Gateway Ion: Set Secret"\)/);
    assert.equal(await unset.exit, 1);
  });

  it('the child never gets the CLI\'s ION_SECRET_* variables in its environment', () => {
    assert.deepEqual(childEnv({ PATH: '/bin', ION_SECRET_X: 'v', ion_secret_y: 'w', HOME: undefined }), { PATH: '/bin' });
  });
});
