/**
 * Part 6 — dashboard metrics over a 100,000-run log: `readRunLog` (parse + skip torn lines) and
 * `metrics` (per day, error rate, average and p95, last error). Baseline: the least any reader
 * must do, `JSON.parse` of every line. Interleaved rounds. Run alone: npx tsx bench/metrics.bench.ts
 */
import { formatRunLogLine, metrics, readRunLog } from '../src/core/runlog';
import { cell, interleave, ratio, section, stats, table, timeSync, verdict } from './lib/stats';

const N = 100_000;
const names = ['crm', 'shop', 'weather', 'carrier', 'payments', 'inventory', 'accounting', 'github-user'];
const start = Date.parse('2024-01-01T00:00:00Z');
let text = '';
for (let i = 0; i < N; i++) {
  const ok = i % 13 !== 0;
  text += formatRunLogLine({
    ts: new Date(start + i * 37_000).toISOString(),
    integration: names[i % names.length],
    file: `${names[i % names.length]}.ion.yaml`,
    environment: 'dev',
    trigger: i % 3 === 0 ? 'schedule' : 'manual',
    ok,
    status: ok ? 200 : 503,
    attempts: ok ? 1 : 3,
    durationMs: (i * 7919) % 2500,
    errorCode: ok ? null : 'server_error',
  });
}

async function main(): Promise<void> {
  const entries = readRunLog(text).entries;
  if (entries.length !== N) throw new Error(`read ${entries.length} entries`);
  const res = await interleave(
    {
      jsonParse: () =>
        timeSync(() => {
          for (const line of text.split('\n')) if (line) JSON.parse(line);
        }),
      read: () => timeSync(() => readRunLog(text)),
      metrics: () => timeSync(() => metrics(entries)),
      both: () => timeSync(() => metrics(readRunLog(text).entries)),
    },
    Number(process.env.BENCH_ROUNDS_METRICS ?? 7),
    1,
  );
  const j = stats(res.jsonParse);
  const r = stats(res.read);
  const m = stats(res.metrics);
  const b = stats(res.both);
  section(
    '6. Dashboard metrics over a 100,000-run log',
    table(
      ['work', 'ms median (min–max)', '× JSON.parse', 'goal'],
      [
        ['JSON.parse of every line (baseline)', cell(j), '1.00×', '—'],
        ['readRunLog (parse, validate, skip torn lines)', cell(r), ratio(r.median, j.median), 'report'],
        ['metrics (on read entries)', cell(m), ratio(m.median, j.median), `< 200 ms: ${verdict(m.median < 200)}`],
        ['readRunLog + metrics', cell(b), ratio(b.median, j.median), 'report'],
      ],
    ),
    [`${N.toLocaleString('en-US')} lines, ${(text.length / 1e6).toFixed(1)} MB, 8 integrations, one run every 37 s (43 days).`],
  );
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
