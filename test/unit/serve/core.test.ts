import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultRunHooks, runIntegration } from '../../../src/core/engine';
import { parseIntegration } from '../../../src/core/parse';
import { formatRunLogLine, metrics, parseRunLogLine } from '../../../src/core/runlog';
import type { RunLogEntry } from '../../../src/core/result';
import { Inbox, REPLAY_WINDOW_MS, type InboxEvent } from '../../../src/core/serve';

const ev = (runId: string, deliveryId?: string, receivedAt = 1000): InboxEvent => ({
  runId,
  integration: 'i',
  receivedAt,
  deliveryId,
  input: { n: 1 },
  body: '{"n":1}',
  event: { method: 'POST', path: '/hooks/i', query: {}, headers: {} },
});

describe('serve: the inbox', () => {
  it('hands back unfinished events after a restart, keeps delivery ids for 24 h, and compacts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ion-inbox-'));
    let now = 1000;
    const a = await Inbox.open(dir, () => now);
    assert.deepEqual(a.unfinished, []);
    await Promise.all([a.inbox.accept(ev('r1', 'd1')), a.inbox.accept(ev('r2', 'd2')), a.inbox.accept(ev('r3'))]);
    assert.equal(a.inbox.depth, 3);
    await a.inbox.done('r2');
    assert.equal(a.inbox.depth, 2);
    await a.inbox.close();
    // A torn last line (a crash mid-write) is skipped.
    appendFileSync(join(dir, 'journal.jsonl'), '{"op":"event","ev":{"runId":"torn"');
    const b = await Inbox.open(dir, () => now);
    assert.deepEqual(b.unfinished.map((e) => e.runId).sort(), ['r1', 'r3']);
    assert.equal(b.inbox.seen('i', 'd2'), true, 'a finished event is still a duplicate');
    assert.equal(b.inbox.seen('other', 'd2'), false, 'per integration');
    now += REPLAY_WINDOW_MS + 1;
    assert.equal(b.inbox.seen('i', 'd1'), false, 'after 24 h');
    await b.inbox.close();
    const lines = readFileSync(join(dir, 'journal.jsonl'), 'utf8').trim().split('\n');
    assert.equal(lines.length, 4, 'compacted: two unfinished events and two delivery ids');
    const c = await Inbox.open(dir, () => now);
    await c.inbox.close();
    assert.equal(readFileSync(join(dir, 'journal.jsonl'), 'utf8').trim().split('\n').length, 2, 'ids older than 24 h dropped');
  });
});

describe('serve: run log fields runId and skipped', () => {
  const base: RunLogEntry = { ts: '2026-01-01T00:00:00.000Z', integration: 'a', file: '/a.ion.yaml', environment: null, trigger: 'schedule', ok: true, status: null, attempts: 0, durationMs: 0, errorCode: null };

  it('are written after the old fields, only when set, and read back; old lines read as before', () => {
    assert.equal(formatRunLogLine(base), `${JSON.stringify(base)}\n`);
    const line = formatRunLogLine({ ...base, runId: 'r1', skipped: true }).trim();
    assert.ok(line.endsWith(',"runId":"r1","skipped":true}'));
    assert.deepEqual(parseRunLogLine(line), { ...base, runId: 'r1', skipped: true });
    assert.deepEqual(parseRunLogLine(JSON.stringify(base)), base);
    assert.equal(parseRunLogLine(JSON.stringify({ ...base, runId: 5 })), undefined);
  });

  it('a skipped tick is not a call in the metrics', () => {
    const report = metrics([{ ...base, durationMs: 100 }, { ...base, skipped: true }]);
    assert.equal(report.total.calls, 1);
  });
});

describe('serve: push-only integrations and webhook keys in the file', () => {
  const PUSH = `version: 1
name: push
trigger:
  type: webhook
  signature: { scheme: hmac-sha256, secret: "{{ secret.k }}", header: X-Sig, encoding: base64, prefix: "v1=", tolerance: 1m }
  input: { id: 7 }
transform: |
  return { id: input.json.id, m: input.event.method, h: input.headers['x-a'] || null, p: input.params.id };
output:
  to: [{ type: file, path: out/p.jsonl, format: jsonl }]
`;

  it('validates clean without request: when the trigger is a webhook; other files still need request', () => {
    assert.deepEqual(parseIntegration(PUSH).diagnostics, []);
    const manual = parseIntegration('version: 1\nname: x\ntrigger: { type: manual }\n');
    assert.deepEqual(manual.diagnostics.map((d) => [d.code, d.message]), [['missing_key', 'missing `request` (every integration has `version: 1`, a `name` and a `request`, unless its trigger is a webhook)']]);
  });

  it('signature.secret must be a secret reference; unknown schemes and keys are errors', () => {
    const codes = (text: string) => parseIntegration(text).diagnostics.map((d) => d.code);
    assert.ok(codes(PUSH.replace('"{{ secret.k }}"', 'plain-text')).length > 0, 'a literal secret');
    assert.ok(codes(PUSH.replace('"{{ secret.k }}"', '"{{ vars.k }}"')).length > 0, 'not a secret');
    assert.ok(codes(PUSH.replace('scheme: hmac-sha256', 'scheme: md5')).length > 0);
    assert.ok(codes(PUSH.replace('header: X-Sig', 'hedaer: X-Sig')).includes('unknown_key'));
  });

  it('runs the transform on the event (served), or on the input standing for it (ion run, tests)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ion-push-'));
    const file = join(dir, 'push.ion.yaml');
    writeFileSync(file, PUSH);
    const parsed = parseIntegration(PUSH, { fileName: file });
    const common = { file, secrets: { get: async () => 'k', allowOrigin: async () => true }, env: {}, hooks: defaultRunHooks() };
    const served = await runIntegration(parsed, {
      ...common,
      input: { id: 1 },
      trigger: 'webhook',
      webhook: { body: '{"id":1}', event: { method: 'PUT', path: '/hooks/push', query: {}, headers: { 'x-a': 'b' } } },
    });
    assert.deepEqual([served.ok, served.output, served.request, served.attempts], [true, { id: 1, m: 'PUT', h: 'b', p: 1 }, null, []], JSON.stringify(served.errors));
    const manual = await runIntegration(parsed, common);
    assert.deepEqual(manual.output, { id: 7, m: 'POST', h: null, p: 7 });
    assert.equal(readFileSync(join(dir, 'out', 'p.jsonl'), 'utf8').trim().split('\n').length, 2);
  });
});
