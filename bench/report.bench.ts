/**
 * Run history — `ion report --json` over a 100,000-run log, the whole process (start Node, load
 * the CLI and the report bundle, read and parse every line, compute, print), against the least any
 * reader must do in its own process: `node -e` reading the same file and `JSON.parse`-ing every
 * line. Goal ≤ 2×. Interleaved rounds. Run alone: npx tsx bench/report.bench.ts
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatRunLogLine } from '../src/core/runlog';
import { cell, interleave, ratio, section, stats, table, timeAsync, verdict } from './lib/stats';

const N = 100_000;
const CLI = join(__dirname, '..', 'dist', 'cli.js');
const names = ['crm', 'shop', 'weather', 'carrier', 'payments', 'inventory', 'accounting', 'github-user'];
const codes = ['server_error', 'timeout', 'rate_limited'];
// The last 40 days up to now, so the default 30-day window holds most of the log.
const end = Date.now();
const step = Math.floor((40 * 86_400_000) / N);
const parts: string[] = [];
for (let i = 0; i < N; i++) {
  const ok = i % 13 !== 0;
  parts.push(
    formatRunLogLine({
      ts: new Date(end - (N - i) * step).toISOString(),
      integration: names[i % names.length],
      file: `${names[i % names.length]}.ion.yaml`,
      environment: i % 5 === 0 ? 'prod' : 'dev',
      trigger: i % 3 === 0 ? 'schedule' : i % 3 === 1 ? 'webhook' : 'manual',
      ok,
      status: ok ? 200 : 503,
      attempts: ok ? 1 : 3,
      durationMs: (i * 7919) % 2500,
      errorCode: ok ? null : codes[i % codes.length],
      ...(i % 3 === 1 ? { runId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` } : {}),
    }),
  );
}
const text = parts.join('');
const work = mkdtempSync(join(tmpdir(), 'ion-bench-report-'));
mkdirSync(join(work, '.ion'));
const logPath = join(work, '.ion', 'runs.jsonl');
writeFileSync(logPath, text);

function runProcess(args: string[]): Promise<number> {
  return timeAsync(
    () =>
      new Promise<void>((resolve, reject) => {
        const child = spawn(process.execPath, args, { cwd: work, stdio: ['ignore', 'pipe', 'inherit'] });
        let out = 0;
        child.stdout.on('data', (c: Buffer) => (out += c.length));
        child.on('error', reject);
        child.on('exit', (code) => (code === 0 && out > 0 ? resolve() : reject(new Error(`exit ${code}, ${out} bytes out`))));
      }),
  );
}

const BASELINE = `const fs=require('fs');let n=0;for(const l of fs.readFileSync(${JSON.stringify(logPath)},'utf8').split('\\n'))if(l){JSON.parse(l);n++}console.log(n)`;

async function main(): Promise<void> {
  try {
    const res = await interleave(
      {
        baseline: () => runProcess(['-e', BASELINE]),
        report: () => runProcess(['--', CLI, 'report', '--json']),
      },
      Number(process.env.BENCH_ROUNDS_REPORT ?? 7),
      1,
    );
    const b = stats(res.baseline);
    const r = stats(res.report);
    section(
      '10. `ion report --json` over a 100,000-run log (whole process)',
      table(
        ['work', 'ms median (min–max)', '× baseline', 'goal'],
        [
          ['node -e: read the file, JSON.parse every line (baseline)', cell(b), '1.00×', '—'],
          ['ion report --json (rotation-aware read, validate, figures, attention, print)', cell(r), ratio(r.median, b.median), `≤ 2×: ${verdict(r.median <= 2 * b.median)}`],
        ],
      ),
      [`${N.toLocaleString('en-US')} lines, ${(text.length / 1048576).toFixed(1)} MB, 8 integrations × 2 environments over 40 days (30 in the window); both in a fresh Node process.`],
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
