import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseIntegration } from '../../../src/core/parse';
import { formatRunLogLine, rotatedRunLogPath } from '../../../src/core/runlog';
import { Inbox, startServe, type InboxEvent } from '../../../src/core/serve';

const PUSH = `version: 1
name: orders-in
pattern: push
trigger: { type: webhook, path: /hooks/orders }
transform: |
  return { ok: true };
`;

describe('ion serve: the restart check reads the rotated run log', () => {
  it('an event whose run is already in runs.1.jsonl is not run again after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ion-serve-rot-'));
    const inboxDir = join(dir, 'inbox');
    const runLogPath = join(dir, 'runs.jsonl');
    const ev = (runId: string): InboxEvent => ({ runId, integration: 'orders-in', receivedAt: Date.now(), input: {}, body: '{}', event: { method: 'POST', path: '/hooks/orders', query: {}, headers: {} } });
    const { inbox } = await Inbox.open(inboxDir, () => Date.now());
    await inbox.accept(ev('ran-before-rotation'));
    await inbox.accept(ev('never-ran'));
    await inbox.close();
    // The first event's run made it to the log, which then rotated.
    writeFileSync(
      rotatedRunLogPath(runLogPath, 1),
      formatRunLogLine({ ts: new Date().toISOString(), integration: 'orders-in', file: 'x', environment: null, trigger: 'webhook', ok: true, status: null, attempts: 0, durationMs: 3, errorCode: null, runId: 'ran-before-rotation' }),
    );
    const handle = await startServe({ targets: [{ file: join(dir, 'orders-in.ion.yaml'), parsed: parseIntegration(PUSH) }], port: 0, runLogPath, inboxDir, schedules: false, secrets: { get: async () => undefined, allowOrigin: async () => true }, env: {} });
    try {
      await handle.idle();
    } finally {
      await handle.stop();
    }
    assert.ok(existsSync(runLogPath));
    const ran = readFileSync(runLogPath, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { runId: string }).runId);
    assert.deepEqual(ran, ['never-ran']);
  });
});
