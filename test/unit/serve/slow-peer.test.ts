/**
 * A slow or stalled webhook sender cannot hold the listener: a request whose body stops arriving is
 * cut after the request timeout, nothing is accepted into the inbox, and other senders are answered
 * meanwhile.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseIntegration } from '../../../src/core/parse';
import { startServe, type ServeHandle } from '../../../src/core/serve';
import { get } from './helpers';

const HOOK = 'version: 1\nname: slow\npattern: push\ntrigger: { type: webhook, path: /hooks/slow }\ntransform: "return input.json;"\n';

describe('serve: a slow or stalled sender', function () {
  this.timeout(20_000);
  let dir: string;
  let s: ServeHandle;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ion-slow-'));
    const file = join(dir, 'slow.ion.yaml');
    writeFileSync(file, HOOK);
    s = await startServe({
      targets: [{ file, parsed: parseIntegration(HOOK, { fileName: file }) }],
      port: 0,
      runLogPath: join(dir, '.ion', 'runs.jsonl'),
      inboxDir: join(dir, '.ion', 'inbox'),
      secrets: { get: async () => undefined, allowOrigin: async () => true },
      env: {},
      requestTimeoutMs: 800,
    });
  });
  after(async () => {
    await s.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is cut after the request timeout; the listener keeps answering others; nothing is accepted', async () => {
    const socket = connect(s.port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    // Headers promise 1,000 bytes; 10 arrive, then nothing.
    socket.write(`POST /hooks/slow HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"a":"bbbb`);
    let answer = '';
    socket.on('data', (d) => (answer += d));
    const closed = new Promise<number>((r) => {
      const t0 = Date.now();
      socket.once('close', () => r(Date.now() - t0));
    });
    const health = await get(s.port, '/healthz', { Host: `127.0.0.1:${s.port}` });
    assert.equal(health.status, 200, 'another sender is answered while one stalls');
    const after = await Promise.race([closed, new Promise<number>((r) => setTimeout(() => r(-1), 10_000))]);
    assert.ok(after >= 0, 'the stalled connection was never cut');
    assert.doesNotMatch(answer, /202/);
    assert.equal(JSON.parse((await get(s.port, '/healthz', { Host: `127.0.0.1:${s.port}` })).body).inboxDepth, 0);
  });
});
