/**
 * metrics() and readRunLog() on 100,000 run-log lines. Goal: metrics < 200 ms.
 * Run: npx tsx bench/metrics.bench.ts
 */
import { formatRunLogLine, metrics, readRunLog } from '../src/core/runlog';

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

function time<T>(fn: () => T): { ms: number; value: T } {
  const t = performance.now();
  const value = fn();
  return { ms: performance.now() - t, value };
}

const reads: number[] = [];
const runs: number[] = [];
let entries = readRunLog(text).entries;
for (let r = 0; r < 7; r++) {
  const read = time(() => readRunLog(text));
  entries = read.value.entries;
  reads.push(read.ms);
  runs.push(time(() => metrics(entries)).ms);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const range = (xs: number[]) => `${Math.min(...xs).toFixed(1)}-${Math.max(...xs).toFixed(1)}`;
console.log(`${N} lines (${(text.length / 1e6).toFixed(1)} MB), 7 rounds, Node ${process.version}`);
console.log(`readRunLog  median ${median(reads).toFixed(1)} ms  (min-max ${range(reads)})`);
console.log(`metrics     median ${median(runs).toFixed(1)} ms  (min-max ${range(runs)})  goal < 200 ms: ${median(runs) < 200 ? 'met' : 'NOT met'}`);
