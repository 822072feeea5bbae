import assert from 'node:assert/strict';
import type { RunLogEntry } from '../../../src/core/result';
import { metrics, nearestRank, readRunLog, formatRunLogLine } from '../../../src/core/runlog';
import { entry } from './helpers';

describe('run log: metrics', () => {
  it('nearest-rank p95 on known data (n = 1, 20, 21, 100)', () => {
    const seq = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
    assert.equal(nearestRank([7], 0.95), 7);
    assert.equal(nearestRank(seq(20), 0.95), 19); // ceil(19) = 19th
    assert.equal(nearestRank(seq(21), 0.95), 20); // ceil(19.95) = 20th
    assert.equal(nearestRank(seq(100), 0.95), 95);
    assert.equal(nearestRank(seq(100).reverse(), 0.95), 95, 'order of input does not matter');
    assert.equal(nearestRank([], 0.95), 0);
  });

  it('per integration: calls, per UTC day, error rate, average, p95, last error, last run', () => {
    const entries: RunLogEntry[] = [];
    for (let i = 1; i <= 20; i++) {
      entries.push(entry({ integration: 'a', ts: `2024-03-0${(i % 2) + 1}T12:00:${String(i).padStart(2, '0')}.000Z`, durationMs: i * 10 }));
    }
    entries.push(entry({ integration: 'a', ts: '2024-03-02T23:59:59.999Z', ok: false, status: 500, errorCode: 'server_error', durationMs: 1000 }));
    entries.push(entry({ integration: 'a', ts: '2024-03-01T08:00:00.000Z', ok: false, status: 429, errorCode: 'rate_limited', durationMs: 5 }));
    entries.push(entry({ integration: 'b', ts: '2024-03-03T00:00:00.000Z', durationMs: 42 }));
    const report = metrics(entries);
    const a = report.integrations.find((m) => m.integration === 'a')!;
    assert.equal(a.calls, 22);
    assert.deepEqual(a.callsPerDay, { '2024-03-01': 11, '2024-03-02': 11 });
    assert.equal(a.errorRate, 2 / 22);
    assert.equal(a.avgDurationMs, (2100 + 1000 + 5) / 22);
    // 22 values: 5, 10..200, 1000 → ceil(20.9) = 21st smallest = 200.
    assert.equal(a.p95DurationMs, 200);
    assert.deepEqual(a.lastError, { ts: '2024-03-02T23:59:59.999Z', errorCode: 'server_error' });
    assert.equal(a.lastRun, '2024-03-02T23:59:59.999Z');
    const b = report.integrations.find((m) => m.integration === 'b')!;
    assert.deepEqual({ calls: b.calls, errorRate: b.errorRate, p95: b.p95DurationMs, lastError: b.lastError }, { calls: 1, errorRate: 0, p95: 42, lastError: null });
    assert.deepEqual(report.integrations.map((m) => m.integration), ['a', 'b']);
    assert.equal(report.total.calls, 23);
    assert.deepEqual(report.total.callsPerDay, { '2024-03-01': 11, '2024-03-02': 11, '2024-03-03': 1 });
  });

  it('days are UTC: an offset timestamp counts on its UTC day, around midnight', () => {
    const report = metrics([
      entry({ ts: '2024-03-01T23:59:59.999Z' }),
      entry({ ts: '2024-03-02T00:00:00.000Z' }),
      entry({ ts: '2024-03-02T01:30:00+02:00' }), // 2024-03-01T23:30Z
      entry({ ts: '2024-03-01T22:30:00-02:00' }), // 2024-03-02T00:30Z
    ]);
    assert.deepEqual(report.total.callsPerDay, { '2024-03-01': 2, '2024-03-02': 2 });
  });

  it('a window of the last N UTC days lists every day, zeros included', () => {
    const now = Date.parse('2024-03-10T05:00:00Z');
    const report = metrics(
      [entry({ ts: '2024-03-10T00:00:00.000Z' }), entry({ ts: '2024-03-08T23:59:59.000Z' }), entry({ ts: '2024-03-07T23:59:59.999Z' }), entry({ ts: '2024-03-11T00:00:00.000Z' })],
      { now, days: 3 },
    );
    assert.deepEqual(report.total.callsPerDay, { '2024-03-08': 1, '2024-03-09': 0, '2024-03-10': 1 });
    assert.equal(report.total.calls, 2);
  });

  it('100,000 lines: read and summarised correctly', () => {
    const names = ['crm', 'shop', 'weather', 'carrier'];
    const start = Date.parse('2024-01-01T00:00:00Z');
    let text = '';
    const expected = new Map<string, { calls: number; errors: number; sum: number; durations: number[] }>();
    for (let i = 0; i < 100_000; i++) {
      const integration = names[i % 4];
      const ok = i % 10 !== 0;
      const durationMs = (i * 7919) % 1000;
      const e = entry({ integration, ts: new Date(start + i * 60_000).toISOString(), ok, errorCode: ok ? null : 'timeout', durationMs });
      text += formatRunLogLine(e);
      const x = expected.get(integration) ?? { calls: 0, errors: 0, sum: 0, durations: [] };
      x.calls++;
      x.errors += ok ? 0 : 1;
      x.sum += durationMs;
      x.durations.push(durationMs);
      expected.set(integration, x);
    }
    text += '{"ts":"2024-03-'; // torn tail
    const read = readRunLog(text);
    assert.equal(read.entries.length, 100_000);
    assert.equal(read.skipped, 1);
    const report = metrics(read.entries);
    for (const m of report.integrations) {
      const x = expected.get(m.integration)!;
      const sorted = [...x.durations].sort((p, q) => p - q);
      assert.equal(m.calls, x.calls);
      assert.equal(m.errorRate, x.errors / x.calls);
      assert.equal(m.avgDurationMs, x.sum / x.calls);
      assert.equal(m.p95DurationMs, sorted[Math.ceil(0.95 * sorted.length) - 1]);
      assert.equal(Object.values(m.callsPerDay).reduce((s, n) => s + n, 0), x.calls);
    }
    assert.equal(report.total.calls, 100_000);
    // 100,000 minutes from Jan 1 span 70 UTC days (the last one partial).
    assert.equal(Object.keys(report.total.callsPerDay).length, 70);
    assert.equal(report.total.callsPerDay['2024-01-01'], 1440);
  });
});
