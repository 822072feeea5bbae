/**
 * `ion report` and the dashboard (README "Run history and reports", docs/reference.md#ion-report):
 * per integration and environment, over a window of UTC days, the figures of the run log and the
 * "Needs attention" review. One pass over the entries; the accumulator is the one `metrics` uses.
 */
import { Cron } from 'croner';
import { ERROR_CODES, ERROR_INFO, type ErrorCode } from '../errors';
import type { RunLogDeprecation, RunLogEntry } from '../result';
import { canonicalKey, nearestRank, RunAccumulator, utcDay } from '../runlog';

export const DAY_MS = 86_400_000;
/** Default window: the last 30 UTC days, today included. */
export const DEFAULT_REPORT_DAYS = 30;
/** `failing`: this many runs in a row failed (the latest ones). */
export const FAILING_AFTER = 3;
/** `error_rate_up` and `p95_up` compare the last 7 days with the 7 days before. */
export const COMPARE_MS = 7 * DAY_MS;
/** `error_rate_up`: at least this many calls in each of the two weeks… */
export const ERROR_RATE_MIN_CALLS = 10;
/** …and the error rate up by at least this many percentage points. */
export const ERROR_RATE_UP_POINTS = 10;
/** `p95_up`: at least this many calls in each of the two weeks… */
export const P95_MIN_CALLS = 20;
/** …the p95 at least 1.5× the week before… */
export const P95_UP_RATIO = 1.5;
/** …and at least this much slower. */
export const P95_UP_MIN_MS = 100;
/** `schedule_missed`: the next tick after the last scheduled run is older than this. */
export const SCHEDULE_GRACE_MS = 10 * 60_000;

export interface IntegrationFacts {
  integration: string;
  file?: string;
  /** Environment names the file defines (the first report line of an integration without runs uses the default one). */
  environments?: string[];
  defaultEnvironment?: string;
  /** A schedule trigger's cron and timezone. */
  cron?: string;
  timezone?: string;
  /** Secrets the file uses that are not set (names only). */
  missingSecrets?: string[];
}

export interface ReportOptions {
  /** Epoch ms; default Date.now(). */
  now?: number;
  /** Epoch ms; default: midnight UTC 29 days before `until`'s day (30 UTC days, today included). */
  since?: number;
  /** Epoch ms; default `now`. */
  until?: number;
  integrations?: IntegrationFacts[];
  /** Default 3. */
  failingAfter?: number;
}

export type AttentionKind = 'failing' | 'error_rate_up' | 'p95_up' | 'schedule_missed' | 'deprecated' | 'secret_missing';

export interface Attention {
  kind: AttentionKind;
  message: string;
}

export interface IntegrationReport {
  integration: string;
  environment: string | null;
  calls: number;
  failures: number;
  /** 0..1. */
  errorRate: number;
  avgMs: number;
  p50Ms: number;
  p95Ms: number;
  lastError: { ts: string; code: string; hint: string | null; runId?: string } | null;
  /** Every UTC day of the window, oldest first. */
  perDay: Array<{ day: string; ok: number; failed: number }>;
  errorCodes: Record<string, number>;
  attention: Attention[];
  /** Added: the latest run in the window. */
  lastRun: { ts: string; ok: boolean; trigger: RunLogEntry['trigger']; runId?: string } | null;
  /** Added: the file of the latest run (or from the facts). */
  file: string | null;
  /** Added: the latest `deprecation` a run in the window carried. */
  deprecation: RunLogDeprecation | null;
}

export interface Report {
  since: string;
  until: string;
  integrations: IntegrationReport[];
}

/** The hint of a stable error code (the one table in src/core/errors.ts), null for others. */
export function hintFor(code: string | null): string | null {
  return code !== null && (ERROR_CODES as readonly string[]).includes(code) ? ERROR_INFO[code as ErrorCode].hint : null;
}

/** Runs of one integration and environment over the whole log up to `until`, for the attention rules. */
/** Calls, failures and durations of one comparison week. */
class Week {
  calls = 0;
  errors = 0;
  durations: number[] = [];
  add(e: RunLogEntry): void {
    this.calls++;
    if (!e.ok) this.errors++;
    this.durations.push(e.durationMs);
  }
  get errorRate(): number {
    return this.calls === 0 ? 0 : this.errors / this.calls;
  }
  get p95(): number {
    return nearestRank(this.durations, 0.95);
  }
}

class Group {
  readonly window = new RunAccumulator();
  readonly recent = new Week();
  readonly previous = new Week();
  /** Keys and outcomes in log order, for the trailing failure streak. */
  keys: string[] = [];
  oks: boolean[] = [];
  codes: Array<string | null> = [];
  sorted = true;
  deprecation: { key: string; value: RunLogDeprecation } | undefined;
  file: string | null = null;
  constructor(
    readonly integration: string,
    readonly environment: string | null,
  ) {}
}

export function buildReport(entries: Iterable<RunLogEntry>, options: ReportOptions = {}): Report {
  const now = options.now ?? Date.now();
  const until = options.until ?? now;
  const since = options.since ?? Math.floor(until / DAY_MS) * DAY_MS - (DEFAULT_REPORT_DAYS - 1) * DAY_MS;
  const failingAfter = Math.max(1, Math.floor(options.failingAfter ?? FAILING_AFTER));
  const sinceKey = new Date(since).toISOString();
  const untilKey = new Date(until).toISOString();
  const recentKey = new Date(until - COMPARE_MS).toISOString();
  const previousKey = new Date(until - 2 * COMPARE_MS).toISOString();

  const groups: Group[] = [];
  /** integration → environment (null as '\u0000') → group. */
  const byName = new Map<string, Map<string, Group>>();
  /** Integration → canonical key of its latest schedule run or skipped tick. */
  const lastScheduled = new Map<string, string>();
  for (const e of entries) {
    const key = canonicalKey(e.ts);
    if (key === undefined || key > untilKey) continue;
    if (e.trigger === 'schedule') {
      const prev = lastScheduled.get(e.integration);
      if (prev === undefined || key > prev) lastScheduled.set(e.integration, key);
    }
    // A skipped schedule tick is not a call (docs/reference.md#the-run-log).
    if (e.skipped) continue;
    let envs = byName.get(e.integration);
    if (!envs) byName.set(e.integration, (envs = new Map()));
    const ek = e.environment ?? '\u0000';
    let g = envs.get(ek);
    if (!g) {
      envs.set(ek, (g = new Group(e.integration, e.environment)));
      groups.push(g);
    }
    const n = g.keys.length;
    if (n > 0 && key < g.keys[n - 1]) g.sorted = false;
    g.keys.push(key);
    g.oks.push(e.ok);
    g.codes.push(e.errorCode);
    const day = key.slice(0, 10);
    if (key >= sinceKey) {
      g.window.add(e, key, day);
      if (e.deprecation && (g.deprecation === undefined || key >= g.deprecation.key)) g.deprecation = { key, value: e.deprecation };
    }
    if (key > recentKey) g.recent.add(e);
    else if (key > previousKey) g.previous.add(e);
  }

  const days: string[] = [];
  for (let d = Math.floor(since / DAY_MS) * DAY_MS; d <= until; d += DAY_MS) days.push(utcDay(d));

  const facts = new Map((options.integrations ?? []).map((f) => [f.integration, f]));
  const out: IntegrationReport[] = [];
  const seen = new Set<string>();
  for (const g of groups) {
    seen.add(g.integration);
    const item = itemFor(g, days);
    const f = facts.get(g.integration);
    item.file = g.window.lastRun?.file ?? f?.file ?? null;
    item.attention = [...groupAttention(g, failingAfter), ...factAttention(f, lastScheduled.get(g.integration), until)];
    // A group with nothing in the window and nothing to say is history, not news.
    if (item.calls > 0 || item.attention.length > 0) out.push(item);
  }
  for (const f of facts.values()) {
    if (seen.has(f.integration)) continue;
    const g = new Group(f.integration, f.defaultEnvironment ?? f.environments?.[0] ?? null);
    const item = itemFor(g, days);
    item.file = f.file ?? null;
    item.attention = factAttention(f, lastScheduled.get(f.integration), until);
    out.push(item);
  }
  out.sort((a, b) => (a.integration < b.integration ? -1 : a.integration > b.integration ? 1 : (a.environment ?? '') < (b.environment ?? '') ? -1 : (a.environment ?? '') > (b.environment ?? '') ? 1 : 0));
  return { since: sinceKey, until: untilKey, integrations: out };
}

function itemFor(g: Group, days: string[]): IntegrationReport {
  const w = g.window;
  const [p50, p95] = w.percentiles([0.5, 0.95]);
  const errorCodes: Record<string, number> = {};
  for (const code of [...w.errorCodes.keys()].sort()) errorCodes[code] = w.errorCodes.get(code)!;
  const le = w.lastError;
  const lr = w.lastRun;
  return {
    integration: g.integration,
    environment: g.environment,
    calls: w.calls,
    failures: w.errors,
    errorRate: w.errorRate,
    avgMs: Math.round(w.avgMs * 10) / 10,
    p50Ms: p50,
    p95Ms: p95,
    lastError: le ? { ts: le.ts, code: le.errorCode ?? 'unknown', hint: hintFor(le.errorCode), ...(le.runId ? { runId: le.runId } : {}) } : null,
    perDay: days.map((day) => {
      const c = w.perDay.get(day);
      return { day, ok: c ? c[0] : 0, failed: c ? c[1] : 0 };
    }),
    errorCodes,
    attention: [],
    lastRun: lr ? { ts: lr.ts, ok: lr.ok, trigger: lr.trigger, ...(lr.runId ? { runId: lr.runId } : {}) } : null,
    file: null,
    deprecation: g.deprecation?.value ?? null,
  };
}

function pct(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}

function groupAttention(g: Group, failingAfter: number): Attention[] {
  const out: Attention[] = [];
  // failing: the latest `failingAfter` runs (up to `until`, in time order) all failed.
  let order: number[] | undefined;
  if (!g.sorted) order = g.keys.map((_, i) => i).sort((a, b) => (g.keys[a] < g.keys[b] ? -1 : g.keys[a] > g.keys[b] ? 1 : a - b));
  const at = (i: number) => (order ? order[i] : i);
  let streak = 0;
  for (let i = g.keys.length - 1; i >= 0 && !g.oks[at(i)]; i--) streak++;
  if (streak >= failingAfter) {
    const code = g.codes[at(g.keys.length - 1)] ?? 'unknown';
    out.push({ kind: 'failing', message: `the last ${streak} runs failed (latest: ${code})` });
  }
  // error_rate_up: enough calls in both weeks, and up by ERROR_RATE_UP_POINTS points or more
  // (compared in integers: rf/rc − pf/pc ≥ points/100).
  const r = g.recent;
  const p = g.previous;
  if (r.calls >= ERROR_RATE_MIN_CALLS && p.calls >= ERROR_RATE_MIN_CALLS && 100 * (r.errors * p.calls - p.errors * r.calls) >= ERROR_RATE_UP_POINTS * r.calls * p.calls) {
    out.push({ kind: 'error_rate_up', message: `error rate ${pct(r.errorRate)} over the last 7 days, ${pct(p.errorRate)} the 7 days before` });
  }
  if (r.calls >= P95_MIN_CALLS && p.calls >= P95_MIN_CALLS) {
    const rp = r.p95;
    const pp = p.p95;
    if (rp * 2 >= pp * (P95_UP_RATIO * 2) && rp - pp >= P95_UP_MIN_MS) {
      out.push({ kind: 'p95_up', message: `p95 ${Math.round(rp)} ms over the last 7 days, ${Math.round(pp)} ms the 7 days before` });
    }
  }
  if (g.deprecation) {
    const d = g.deprecation.value;
    out.push({ kind: 'deprecated', message: `the API announced a deprecation${d.date ? ` (date ${d.date})` : ''}: ${d.message}` });
  }
  return out;
}

function factAttention(f: IntegrationFacts | undefined, lastScheduledKey: string | undefined, until: number): Attention[] {
  if (!f) return [];
  const out: Attention[] = [];
  // schedule_missed: needs a scheduled run in the log to know the schedule was being served.
  if (f.cron && lastScheduledKey !== undefined) {
    const next = nextTick(f.cron, f.timezone, Date.parse(lastScheduledKey));
    if (next !== undefined && until >= next + SCHEDULE_GRACE_MS) {
      out.push({ kind: 'schedule_missed', message: `the schedule (${f.cron}${f.timezone ? ` ${f.timezone}` : ''}) should have run at ${new Date(next).toISOString()}; the last scheduled run was ${lastScheduledKey}` });
    }
  }
  for (const name of f.missingSecrets ?? []) out.push({ kind: 'secret_missing', message: `secret ${name} is not set` });
  return out;
}

/** The first tick of `cron` after `after` (epoch ms), or undefined for an expression croner refuses. */
export function nextTick(cron: string, timezone: string | undefined, after: number): number | undefined {
  try {
    const next = new Cron(cron, { timezone, paused: true }).nextRun(new Date(after));
    return next ? next.getTime() : undefined;
  } catch {
    return undefined;
  }
}
