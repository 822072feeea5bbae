/**
 * `/metrics` of `ion serve` in the Prometheus text exposition format (docs/reference.md#ion-serve).
 * A small writer of its own: five series, counters, one gauge, one histogram.
 */

export type WebhookResult = 'accepted' | 'duplicate' | 'bad_signature' | 'too_large' | 'refused';

const BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

function labelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function labels(pairs: Record<string, string>): string {
  const parts = Object.entries(pairs).map(([k, v]) => `${k}="${labelValue(v)}"`);
  return parts.length > 0 ? `{${parts.join(',')}}` : '';
}

function num(n: number): string {
  if (n === Infinity) return '+Inf';
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(15)));
}

interface Histogram {
  labels: Record<string, string>;
  counts: number[];
  sum: number;
  count: number;
}

export class ServeMetrics {
  private readonly runs = new Map<string, { labels: Record<string, string>; value: number }>();
  private readonly webhooks = new Map<string, { labels: Record<string, string>; value: number }>();
  private readonly lastSuccess = new Map<string, number>();
  private readonly durations = new Map<string, Histogram>();

  constructor(private readonly inboxDepth: () => number) {}

  run(integration: string, environment: string | null, trigger: string, ok: boolean, seconds: number, endedAtMs: number): void {
    const l = { integration, environment: environment ?? '', trigger, outcome: ok ? 'success' : 'failure' };
    const key = JSON.stringify(l);
    const c = this.runs.get(key) ?? { labels: l, value: 0 };
    c.value++;
    this.runs.set(key, c);
    const hl = { integration, environment: environment ?? '' };
    const hk = JSON.stringify(hl);
    const h = this.durations.get(hk) ?? { labels: hl, counts: BUCKETS.map(() => 0), sum: 0, count: 0 };
    BUCKETS.forEach((b, i) => {
      if (seconds <= b) h.counts[i]++;
    });
    h.sum += seconds;
    h.count++;
    this.durations.set(hk, h);
    if (ok) this.lastSuccess.set(integration, endedAtMs / 1000);
  }

  webhook(integration: string, result: WebhookResult): void {
    const l = { integration, result };
    const key = JSON.stringify(l);
    const c = this.webhooks.get(key) ?? { labels: l, value: 0 };
    c.value++;
    this.webhooks.set(key, c);
  }

  /** Webhook deliveries with `result` so far, over every integration (the editor's status bar). */
  webhookCount(result: WebhookResult): number {
    let n = 0;
    for (const c of this.webhooks.values()) if (c.labels.result === result) n += c.value;
    return n;
  }

  /** The exposition text. */
  render(): string {
    const out: string[] = [];
    out.push('# HELP ion_runs_total Runs started by ion serve, by outcome.', '# TYPE ion_runs_total counter');
    for (const c of this.runs.values()) out.push(`ion_runs_total${labels(c.labels)} ${num(c.value)}`);
    out.push('# HELP ion_run_duration_seconds How long runs took.', '# TYPE ion_run_duration_seconds histogram');
    for (const h of this.durations.values()) {
      BUCKETS.forEach((b, i) => out.push(`ion_run_duration_seconds_bucket${labels({ ...h.labels, le: num(b) })} ${h.counts[i]}`));
      out.push(`ion_run_duration_seconds_bucket${labels({ ...h.labels, le: '+Inf' })} ${h.count}`);
      out.push(`ion_run_duration_seconds_sum${labels(h.labels)} ${num(h.sum)}`);
      out.push(`ion_run_duration_seconds_count${labels(h.labels)} ${h.count}`);
    }
    out.push('# HELP ion_webhook_events_total Webhook deliveries received, by result.', '# TYPE ion_webhook_events_total counter');
    for (const c of this.webhooks.values()) out.push(`ion_webhook_events_total${labels(c.labels)} ${num(c.value)}`);
    out.push('# HELP ion_last_success_timestamp_seconds When each integration last ran successfully.', '# TYPE ion_last_success_timestamp_seconds gauge');
    for (const [integration, at] of this.lastSuccess) out.push(`ion_last_success_timestamp_seconds${labels({ integration })} ${num(at)}`);
    out.push('# HELP ion_inbox_depth Webhook events received and not finished.', '# TYPE ion_inbox_depth gauge');
    out.push(`ion_inbox_depth ${this.inboxDepth()}`);
    return `${out.join('\n')}\n`;
  }
}
