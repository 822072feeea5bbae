/**
 * Metrics from the run log, per integration: calls per UTC day, error rate, average and p95
 * duration (nearest-rank), last error and last run. One pass over the entries; one numeric sort
 * of each integration's durations.
 */
import type { RunLogEntry } from '../result';

export interface IntegrationMetrics {
  integration: string;
  calls: number;
  /** `YYYY-MM-DD` (UTC) → runs that day. With `days`, every day of the window is present. */
  callsPerDay: Record<string, number>;
  /** Failed runs / runs, 0..1 (0 when there are no runs). */
  errorRate: number;
  avgDurationMs: number;
  /** Nearest-rank: the ceil(0.95·n)-th smallest duration (0 when there are no runs). */
  p95DurationMs: number;
  lastError: { ts: string; errorCode: string | null } | null;
  /** `ts` of the latest run. */
  lastRun: string | null;
}

export interface MetricsReport {
  /** Sorted by integration name. */
  integrations: IntegrationMetrics[];
  /** All integrations together (`integration: '*'`). */
  total: IntegrationMetrics;
}

export interface MetricsOptions {
  /** Epoch milliseconds; default Date.now(). Only used with `days`. */
  now?: number;
  /** Only the last `days` UTC days, today included. */
  days?: number;
}

const DAY_MS = 86_400_000;

/**
 * One integration's (or one integration and environment's) runs, added one at a time: shared by
 * `metrics` here and `buildReport` (src/core/report), so the two never disagree.
 */
export class RunAccumulator {
  calls = 0;
  errors = 0;
  sum = 0;
  durations: number[] = [];
  /** UTC day → [ok, failed]. */
  perDay = new Map<string, [number, number]>();
  errorCodes = new Map<string, number>();
  lastRunKey = '';
  lastRun: RunLogEntry | null = null;
  lastErrorKey = '';
  lastError: RunLogEntry | null = null;

  /** `key` is the canonical `ts` (see canonicalKey), `day` its first 10 characters. */
  add(e: RunLogEntry, key: string, day: string): void {
    this.calls++;
    this.sum += e.durationMs;
    this.durations.push(e.durationMs);
    let d = this.perDay.get(day);
    if (!d) this.perDay.set(day, (d = [0, 0]));
    if (key >= this.lastRunKey) {
      this.lastRunKey = key;
      this.lastRun = e;
    }
    if (e.ok) {
      d[0]++;
      return;
    }
    d[1]++;
    this.errors++;
    const code = e.errorCode ?? 'unknown';
    this.errorCodes.set(code, (this.errorCodes.get(code) ?? 0) + 1);
    if (key >= this.lastErrorKey) {
      this.lastErrorKey = key;
      this.lastError = e;
    }
  }

  get errorRate(): number {
    return this.calls === 0 ? 0 : this.errors / this.calls;
  }

  get avgMs(): number {
    return this.calls === 0 ? 0 : this.sum / this.calls;
  }

  /** Nearest-rank percentiles of the durations (one sort for all of them). */
  percentiles(ps: number[]): number[] {
    const n = this.durations.length;
    if (n === 0) return ps.map(() => 0);
    const sorted = Float64Array.from(this.durations).sort();
    return ps.map((p) => sorted[Math.min(n, Math.max(1, Math.ceil(p * n))) - 1]);
  }
}

function toMetrics(acc: RunAccumulator, integration: string, windowDays: string[] | undefined): IntegrationMetrics {
  const callsPerDay: Record<string, number> = {};
  for (const d of windowDays ?? [...acc.perDay.keys()].sort()) {
    const c = acc.perDay.get(d);
    callsPerDay[d] = c ? c[0] + c[1] : 0;
  }
  return {
    integration,
    calls: acc.calls,
    callsPerDay,
    errorRate: acc.errorRate,
    avgDurationMs: acc.avgMs,
    p95DurationMs: acc.percentiles([0.95])[0],
    lastError: acc.lastError ? { ts: acc.lastError.ts, errorCode: acc.lastError.errorCode } : null,
    lastRun: acc.lastRun?.ts ?? null,
  };
}

/** Nearest-rank percentile: the ceil(p·n)-th smallest value (0 for no values). */
export function nearestRank(values: ArrayLike<number>, p: number): number {
  const n = values.length;
  if (n === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(n, Math.max(1, Math.ceil(p * n)));
  return sorted[rank - 1];
}

/** `YYYY-MM-DD` of an instant, in UTC. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * A sortable key for `ts`: the canonical `toISOString()` form (`YYYY-MM-DDTHH:mm:ss.sssZ`), which
 * compares as text in time order and names its UTC day in its first 10 characters. What the
 * engine writes is already canonical and is used as is (no Date parsing on the hot path).
 */
export function canonicalKey(ts: string): string | undefined {
  if (ts.length === 24 && ts.charCodeAt(23) === 90 /* Z */ && ts.charCodeAt(10) === 84 /* T */ && ts.charCodeAt(19) === 46 /* . */) {
    return ts;
  }
  const ms = Date.parse(ts);
  if (!Number.isFinite(ms)) return undefined;
  const iso = new Date(ms).toISOString();
  // Years past 9999 have a longer form; they would not sort with the rest.
  return iso.length === 24 ? iso : undefined;
}

export function metrics(entries: Iterable<RunLogEntry>, options: MetricsOptions = {}): MetricsReport {
  let from = '';
  let to = '\uffff';
  let windowDays: string[] | undefined;
  if (options.days !== undefined && options.days > 0) {
    const now = options.now ?? Date.now();
    const today = Math.floor(now / DAY_MS) * DAY_MS;
    const first = today - (Math.floor(options.days) - 1) * DAY_MS;
    from = new Date(first).toISOString();
    to = new Date(today + DAY_MS).toISOString();
    windowDays = [];
    for (let d = first; d <= today; d += DAY_MS) windowDays.push(utcDay(d));
  }
  const byName = new Map<string, RunAccumulator>();
  const total = new RunAccumulator();
  for (const e of entries) {
    // A skipped schedule tick is not a call (docs/reference.md#the-run-log).
    if (e.skipped) continue;
    const key = canonicalKey(e.ts);
    if (key === undefined || key < from || key >= to) continue;
    const day = key.slice(0, 10);
    let acc = byName.get(e.integration);
    if (!acc) byName.set(e.integration, (acc = new RunAccumulator()));
    acc.add(e, key, day);
    total.add(e, key, day);
  }
  const names = [...byName.keys()].sort();
  return {
    integrations: names.map((n) => toMetrics(byName.get(n)!, n, windowDays)),
    total: toMetrics(total, '*', windowDays),
  };
}
