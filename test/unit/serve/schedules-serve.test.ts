import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseIntegration } from '../../../src/core/parse';
import { startServe } from '../../../src/core/serve';
import { closeSharedTransports } from '../../../src/core/http';
import { startServer } from '../../helpers/server';
import { folder, runLog, until } from './helpers';

describe('serve: schedules in startServe (fake clock, real runs and run log)', function () {
  this.timeout(20_000);
  after(() => closeSharedTransports());

  it('a tick while the run still goes is logged as skipped; /healthz-style next runs; one catch-up after a restart', async () => {
    const releases: Array<() => void> = [];
    const release = () => releases.at(-1)!();
    const api = await startServer(async (_req, res) => {
      await new Promise<void>((r) => releases.push(r));
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"ok":true}');
    });
    const text = `version: 1\nname: tick\ntrigger: { type: schedule, cron: "*/5 * * * *", timezone: UTC }\nrequest: { url: "${api.origin}/t" }\n`;
    const dir = folder({ 'tick.ion.yaml': text });
    const file = join(dir, 'tick.ion.yaml');
    let now = Date.UTC(2026, 0, 1, 10, 1);
    const clock = { now: () => now, sleep: async () => undefined };
    const start = () =>
      startServe({
        targets: [{ file, parsed: parseIntegration(text, { fileName: file }) }],
        port: 0,
        runLogPath: join(dir, '.ion', 'runs.jsonl'),
        inboxDir: join(dir, '.ion', 'inbox'),
        secrets: { get: async () => undefined, allowOrigin: async () => true },
        env: {},
        clock,
      });
    const s = await start();
    try {
      assert.equal(s.scheduler!.nextRuns()[0].nextRun, '2026-01-01T10:05:00.000Z');
      now = Date.UTC(2026, 0, 1, 10, 5);
      assert.deepEqual(s.scheduler!.poll().map((p) => p.outcome), ['ran']);
      await until('the request', () => releases.length === 1);
      now = Date.UTC(2026, 0, 1, 10, 10);
      assert.deepEqual(s.scheduler!.poll().map((p) => p.outcome), ['skipped']);
      release();
      await until('two lines', () => runLog(dir).length === 2);
      const lines = runLog(dir);
      assert.deepEqual(lines.map((l) => [l.trigger, l.ok, l.skipped ?? false]).sort(), [['schedule', true, false], ['schedule', true, true]]);
      assert.equal(new Set(lines.map((l) => l.runId)).size, 2, 'each line has its own runId');
    } finally {
      for (const r of releases) r();
      await s.stop();
    }
    // Stopped for an hour: one catch-up run at the next start, not twelve.
    now = Date.UTC(2026, 0, 1, 11, 12);
    const again = await start();
    try {
      await until('the catch-up request', () => releases.length === 2);
      release();
      await until('the catch-up run', () => runLog(dir).length === 3);
      assert.deepEqual(again.scheduler!.poll(), [], 'nothing else due');
      assert.deepEqual(JSON.parse(readFileSync(join(dir, '.ion', 'inbox', 'schedules.json'), 'utf8')), { tick: Date.UTC(2026, 0, 1, 11, 12) }, 'the last tick is kept');
    } finally {
      for (const r of releases) r();
      await again.stop();
      await api.close();
    }
  });
});
