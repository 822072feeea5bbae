import { strict as assert } from 'node:assert';
import { parseFromDashboard, parseToDashboard } from '../../../src/shared/dashboard-messages';
import { buildReport } from '../../../src/core/report';

describe('dashboard messages are checked on arrival (src/shared/dashboard-messages.ts)', () => {
  const report = buildReport([{ ts: '2026-06-01T00:00:00.000Z', integration: 'a', file: '/a', environment: null, trigger: 'manual', ok: false, status: 500, attempts: 1, durationMs: 5, errorCode: 'server_error', runId: 'r1' }], { now: Date.UTC(2026, 5, 2) });

  it('a report from buildReport passes; a tampered one is dropped', () => {
    assert.ok(parseToDashboard({ type: 'report', state: { seq: 1, files: 0, report } }));
    const bad = JSON.parse(JSON.stringify(report));
    bad.integrations[0].calls = 'many';
    assert.equal(parseToDashboard({ type: 'report', state: { seq: 1, files: 0, report: bad } }), undefined);
    assert.equal(parseToDashboard({ type: 'html', html: '<script>' }), undefined);
  });

  it('only known requests from the webview, with their fields typed', () => {
    assert.deepEqual(parseFromDashboard({ type: 'showRun', integration: 'a', file: null, runId: 'r1' }), { type: 'showRun', integration: 'a', file: null, runId: 'r1' });
    assert.equal(parseFromDashboard({ type: 'showRun', integration: 'a', file: null, runId: '' }), undefined);
    assert.equal(parseFromDashboard({ type: 'showRun', integration: 'a', runId: 'r1' }), undefined);
    assert.equal(parseFromDashboard({ type: 'openFile', file: 7 }), undefined);
    assert.equal(parseFromDashboard({ type: 'runCommand', command: 'x' }), undefined);
    assert.deepEqual(parseFromDashboard({ type: 'ready', seq: 3 }), { type: 'ready', seq: 3 });
  });
});
