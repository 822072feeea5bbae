import assert from 'node:assert/strict';
import { ERROR_INFO } from '../../../src/core/errors';
import type { RunLogEntry } from '../../../src/core/result';
import {
  buildReport,
  ERROR_RATE_MIN_CALLS,
  P95_MIN_CALLS,
  parseSince,
  renderReportText,
  SCHEDULE_GRACE_MS,
  sparkline,
  type Report,
} from '../../../src/core/report';
import { metrics } from '../../../src/core/runlog';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 2, 15, 13, 30, 0); // 2026-03-15T13:30Z

function entry(over: Partial<RunLogEntry> = {}): RunLogEntry {
  return { ts: new Date(NOW - 1000).toISOString(), integration: 'orders', file: 'orders.ion.yaml', environment: 'prod', trigger: 'schedule', ok: true, status: 200, attempts: 1, durationMs: 100, errorCode: null, ...over };
}

/** A small deterministic PRNG (mulberry32), so the log is the same every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CODES = ['server_error', 'timeout', 'rate_limited', 'auth_failed'];

function generated(n: number): RunLogEntry[] {
  const r = rng(42);
  const out: RunLogEntry[] = [];
  for (let i = 0; i < n; i++) {
    // 40 days back, so part of the log is before a 30-day window; some runs a little in the future of `until`.
    const t = NOW - Math.floor(r() * 40 * DAY) + (i % 97 === 0 ? 3_600_000 : 0);
    const ok = r() > 0.2;
    const skipped = !ok && r() < 0.1 ? true : undefined;
    out.push({
      ts: new Date(t).toISOString(),
      integration: r() < 0.5 ? 'orders' : 'billing',
      file: 'x.ion.yaml',
      environment: r() < 0.3 ? 'dev' : r() < 0.05 ? null : 'prod',
      trigger: r() < 0.5 ? 'schedule' : 'webhook',
      ok: skipped ? true : ok,
      status: ok ? 200 : 503,
      attempts: 1,
      durationMs: Math.floor(r() * 2000),
      errorCode: ok || skipped ? null : CODES[Math.floor(r() * CODES.length)],
      ...(skipped ? { skipped } : {}),
    });
  }
  return out;
}

/** The answers, computed the slow and obvious way. */
function expected(entries: RunLogEntry[], since: number, until: number) {
  const groups = new Map<string, RunLogEntry[]>();
  for (const e of entries) {
    const t = Date.parse(e.ts);
    if (e.skipped || t < since || t > until) continue;
    const k = `${e.integration}|${e.environment}`;
    groups.set(k, [...(groups.get(k) ?? []), e]);
  }
  const days: string[] = [];
  for (let d = new Date(since).toISOString().slice(0, 10); d <= new Date(until).toISOString().slice(0, 10); d = new Date(Date.parse(`${d}T00:00:00Z`) + DAY).toISOString().slice(0, 10)) days.push(d);
  const out = new Map<string, unknown>();
  for (const [k, list] of groups) {
    const durations = list.map((e) => e.durationMs).sort((a, b) => a - b);
    const rank = (p: number) => durations[Math.ceil(p * durations.length) - 1];
    const failed = list.filter((e) => !e.ok);
    const last = [...failed].sort((a, b) => Date.parse(b.ts) - Date.parse(a.ts))[0];
    const codes: Record<string, number> = {};
    for (const e of failed) codes[e.errorCode!] = (codes[e.errorCode!] ?? 0) + 1;
    out.set(k, {
      calls: list.length,
      failures: failed.length,
      errorRate: failed.length / list.length,
      avgMs: Math.round((list.reduce((s, e) => s + e.durationMs, 0) / list.length) * 10) / 10,
      p50Ms: rank(0.5),
      p95Ms: rank(0.95),
      lastError: last ? { ts: last.ts, code: last.errorCode, hint: ERROR_INFO[last.errorCode as keyof typeof ERROR_INFO].hint } : null,
      perDay: days.map((day) => ({ day, ok: list.filter((e) => e.ts.startsWith(day) && e.ok).length, failed: list.filter((e) => e.ts.startsWith(day) && !e.ok).length })),
      errorCodes: Object.fromEntries(Object.entries(codes).sort()),
    });
  }
  return out;
}

function pick(r: Report, integration: string, environment: string | null) {
  const i = r.integrations.find((x) => x.integration === integration && x.environment === environment);
  assert.ok(i, `${integration} ${environment} is in the report`);
  return i;
}

describe('report: figures against a generated log', () => {
  const entries = generated(5000);
  const since = NOW - 30 * DAY;

  it('matches calls per UTC day, error rate, average, nearest-rank p50/p95, last error and codes per integration and environment', () => {
    const r = buildReport(entries, { now: NOW, since, until: NOW });
    const want = expected(entries, since, NOW);
    assert.equal(r.since, new Date(since).toISOString());
    assert.equal(r.until, new Date(NOW).toISOString());
    assert.equal(r.integrations.length, want.size);
    for (const item of r.integrations) {
      const w = want.get(`${item.integration}|${item.environment}`);
      assert.ok(w, `${item.integration}|${item.environment} expected`);
      const { integration: _i, environment: _e, attention: _a, lastRun: _l, file: _f, deprecation: _d, ...got } = item;
      const lastError = got.lastError ? { ts: got.lastError.ts, code: got.lastError.code, hint: got.lastError.hint } : null;
      assert.deepEqual({ ...got, lastError }, w);
    }
  });

  it('every item has the keys of docs/reference.md#ion-report, in the documented shape', () => {
    const r = buildReport(entries, { now: NOW });
    const item = r.integrations[0];
    for (const k of ['integration', 'environment', 'calls', 'failures', 'errorRate', 'avgMs', 'p50Ms', 'p95Ms', 'lastError', 'perDay', 'errorCodes', 'attention']) assert.ok(k in item, k);
    // Default window: 30 UTC days, today included.
    assert.equal(item.perDay.length, 30);
    assert.equal(item.perDay[29].day, '2026-03-15');
    assert.equal(r.since, '2026-02-14T00:00:00.000Z');
  });

  it('skipped ticks are not calls', () => {
    const r = buildReport([entry(), entry({ skipped: true, durationMs: 0 }), entry({ skipped: true })], { now: NOW });
    const i = pick(r, 'orders', 'prod');
    assert.equal(i.calls, 1);
    assert.equal(i.perDay.at(-1)!.ok, 1);
  });

  it('metrics (the older per-integration view) agrees with the report for one environment', () => {
    const one = entries.filter((e) => e.environment === 'prod' && e.integration === 'orders');
    const m = metrics(one, { now: NOW, days: 30 }).integrations[0];
    const i = pick(buildReport(one, { now: NOW }), 'orders', 'prod');
    assert.equal(m.calls, i.calls);
    assert.equal(m.p95DurationMs, i.p95Ms);
    assert.equal(m.errorRate, i.errorRate);
  });
});

describe('report: needs attention, each rule just below and at its threshold', () => {
  const kinds = (r: Report, integration = 'orders', env: string | null = 'prod') => pick(r, integration, env).attention.map((a) => a.kind);
  const at = (minutesAgo: number, over: Partial<RunLogEntry> = {}) => entry({ ts: new Date(NOW - minutesAgo * 60_000).toISOString(), ...over });
  const fail = (minutesAgo: number, over: Partial<RunLogEntry> = {}) => at(minutesAgo, { ok: false, status: 503, errorCode: 'server_error', ...over });

  it('failing: the last N runs failed (N = failingAfter, default 3)', () => {
    assert.deepEqual(kinds(buildReport([at(40), fail(30), fail(20)], { now: NOW })), []);
    const r = buildReport([at(40), fail(30), fail(20), fail(10)], { now: NOW });
    assert.deepEqual(kinds(r), ['failing']);
    assert.match(r.integrations[0].attention[0].message, /last 3 runs failed \(latest: server_error\)/);
    // Out of log order: time order decides (the success is the latest run).
    assert.deepEqual(kinds(buildReport([fail(30), at(5), fail(20), fail(10)], { now: NOW })), []);
    assert.deepEqual(kinds(buildReport([fail(30), fail(20)], { now: NOW, failingAfter: 2 })), ['failing']);
  });

  const weeks = (recent: { calls: number; failures: number; ms?: number }, previous: { calls: number; failures: number; ms?: number }) => {
    const out: RunLogEntry[] = [];
    // Successes first so no failure streak ends the log.
    for (let i = 0; i < previous.calls; i++) out.push(at(8 * 24 * 60 + i, { ok: i >= previous.failures, errorCode: i >= previous.failures ? null : 'timeout', durationMs: previous.ms ?? 100 }));
    for (let i = 0; i < recent.calls; i++) out.push(at(24 * 60 + i, { ok: i >= recent.failures, errorCode: i >= recent.failures ? null : 'timeout', durationMs: recent.ms ?? 100 }));
    out.push(at(1));
    return out;
  };

  it(`error_rate_up: up 10 points or more, with ${ERROR_RATE_MIN_CALLS} calls or more in each week`, () => {
    // Recent week: the 10 calls below plus the final success at(1) = 11 calls.
    // 2/11 = 18.2% vs 0/10: up 18 points, fires.
    assert.deepEqual(kinds(buildReport(weeks({ calls: 10, failures: 2 }, { calls: 10, failures: 0 }), { now: NOW })), ['error_rate_up']);
    // 1/11 = 9.1%: just below 10 points.
    assert.deepEqual(kinds(buildReport(weeks({ calls: 10, failures: 1 }, { calls: 10, failures: 0 }), { now: NOW })), []);
    // Exactly 10 points: 2/10 (9 + at(1)) vs 1/10.
    assert.deepEqual(kinds(buildReport(weeks({ calls: 9, failures: 2 }, { calls: 10, failures: 1 }), { now: NOW })), ['error_rate_up']);
    // 9 calls in the previous week: too few to compare.
    assert.deepEqual(kinds(buildReport(weeks({ calls: 10, failures: 5 }, { calls: 9, failures: 0 }), { now: NOW })), []);
    // 1 of 1 failing is not an alarm: too few recent calls.
    assert.deepEqual(kinds(buildReport(weeks({ calls: 8, failures: 8 }, { calls: 10, failures: 0 }), { now: NOW })), []);
  });

  it(`p95_up: 1.5× and 100 ms slower, with ${P95_MIN_CALLS} calls or more in each week`, () => {
    const slow = (ms: number, calls = 30, prevCalls = 20) => {
      const list = weeks({ calls, failures: 0, ms }, { calls: prevCalls, failures: 0, ms: 200 });
      list[list.length - 1].durationMs = ms;
      return list;
    };
    assert.deepEqual(kinds(buildReport(slow(300), { now: NOW })), ['p95_up']);
    assert.deepEqual(kinds(buildReport(slow(299), { now: NOW })), []);
    assert.deepEqual(kinds(buildReport(slow(400, 30, 19), { now: NOW })), []);
    assert.deepEqual(kinds(buildReport(slow(400, 18, 20), { now: NOW })), [], '19 recent calls');
    assert.deepEqual(kinds(buildReport(slow(400, 19, 20), { now: NOW })), ['p95_up'], '20 recent calls');
  });

  it('schedule_missed: the next tick after the last scheduled run, plus the grace, has passed', () => {
    const facts = [{ integration: 'orders', cron: '0 * * * *' }];
    const lastRun = Date.UTC(2026, 2, 15, 12, 0, 0);
    const log = [entry({ ts: new Date(lastRun).toISOString() })];
    const nextTick = Date.UTC(2026, 2, 15, 13, 0, 0);
    assert.deepEqual(kinds(buildReport(log, { now: nextTick + SCHEDULE_GRACE_MS - 1, integrations: facts })), []);
    const r = buildReport(log, { now: nextTick + SCHEDULE_GRACE_MS, integrations: facts });
    assert.deepEqual(kinds(r), ['schedule_missed']);
    assert.match(r.integrations[0].attention[0].message, /should have run at 2026-03-15T13:00:00.000Z/);
    // A skipped tick shows the schedule fired: it counts as the last scheduled run.
    const skipped = [...log, entry({ ts: new Date(nextTick).toISOString(), skipped: true })];
    assert.deepEqual(kinds(buildReport(skipped, { now: nextTick + SCHEDULE_GRACE_MS, integrations: facts })), []);
    // The timezone is the file's: 09:00 in New York is 13:00 UTC in March 2026 (EDT).
    const ny = [{ integration: 'orders', cron: '0 9 * * *', timezone: 'America/New_York' }];
    const ran = [entry({ ts: new Date(Date.UTC(2026, 2, 14, 13, 0, 0)).toISOString() })];
    assert.deepEqual(kinds(buildReport(ran, { now: Date.UTC(2026, 2, 15, 13, 9, 59), integrations: ny })), []);
    assert.deepEqual(kinds(buildReport(ran, { now: Date.UTC(2026, 2, 15, 13, 10, 0), integrations: ny })), ['schedule_missed']);
  });

  it('deprecated: a run carried a Sunset/Deprecation header', () => {
    assert.deepEqual(kinds(buildReport([at(5)], { now: NOW })), []);
    const r = buildReport([at(10, { deprecation: { date: '2026-06-30T00:00:00.000Z', message: 'Sunset: Tue, 30 Jun 2026 00:00:00 GMT' } }), at(5)], { now: NOW });
    assert.deepEqual(kinds(r), ['deprecated']);
    assert.match(r.integrations[0].attention[0].message, /2026-06-30/);
    assert.equal(r.integrations[0].deprecation?.date, '2026-06-30T00:00:00.000Z');
  });

  it('secret_missing: from the files; an integration without runs is listed', () => {
    const r = buildReport([at(5)], { now: NOW, integrations: [{ integration: 'orders', missingSecrets: [] }, { integration: 'crm', environments: ['eu'], missingSecrets: ['crm_token'] }] });
    assert.deepEqual(kinds(r), []);
    const crm = pick(r, 'crm', 'eu');
    assert.equal(crm.calls, 0);
    assert.deepEqual(crm.attention, [{ kind: 'secret_missing', message: 'secret crm_token is not set' }]);
  });
});

describe('report: text and --since', () => {
  it('prints a table row and a sparkline per integration and environment', () => {
    const r = buildReport([entry({ durationMs: 50 }), entry({ ok: false, errorCode: 'timeout', durationMs: 150 })], { now: NOW });
    const text = renderReportText(r, { color: false });
    assert.match(text, /orders\s+prod\s+2\s+1\s+50\.0%\s+100 ms\s+50 ms\s+150 ms\s+2026-03-15 13:29 timeout/);
    assert.match(text, /calls\/day +▁*\s*█/);
    assert.ok(!text.includes('\u001b['), 'no colour codes without color');
    assert.ok(renderReportText(r, { color: true }).includes('\u001b['));
  });

  it('sparkline scales to the largest value; zero is a space', () => {
    assert.equal(sparkline([0, 1, 2, 4, 8]), ' ▂▃▅█');
  });

  it('--since: 30d is the last 30 UTC days, today included; 12h; 2w; an ISO date in UTC', () => {
    assert.equal(parseSince('30d', NOW), Date.UTC(2026, 1, 14));
    assert.equal(parseSince('1d', NOW), Date.UTC(2026, 2, 15));
    assert.equal(parseSince('2w', NOW), parseSince('14d', NOW));
    assert.equal(parseSince('12h', NOW), NOW - 12 * 3_600_000);
    assert.equal(parseSince('2026-03-01', NOW), Date.UTC(2026, 2, 1));
    assert.equal(parseSince('2026-03-01T10:00', NOW), Date.UTC(2026, 2, 1, 10));
    for (const bad of ['', '0d', '30', 'yesterday', '30x', '2026-13-45x']) assert.equal(parseSince(bad, NOW), undefined, bad);
  });
});
