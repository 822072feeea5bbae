#!/usr/bin/env node
// `npm run bench`: installs the peers (bench/node_modules) when missing, builds dist/ when a source
// is newer than it, runs the parts (each prints a markdown section; baselines in the same run,
// interleaved), and writes them with the date, the machine and the command to
// bench/results/latest.md. Offline: every server is on 127.0.0.1.
//   BENCH_SKIP_HOST=1  skips the real extension host (bench/host/run.mjs)
//   BENCH_ONLY=1,3     runs only those parts
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(BENCH);
const RESULTS = join(BENCH, 'results');
mkdirSync(RESULTS, { recursive: true });
const started = Date.now();
const log = (s) => console.error(`[bench] ${s}`);

// 1. The peers, in their own node_modules.
const peers = ['httpyac', 'newman', 'yaml-language-server', 'vscode-languageserver-textdocument'];
if (peers.some((p) => !existsSync(join(BENCH, 'node_modules', p, 'package.json')))) {
  log('installing the peers into bench/node_modules');
  const r = spawnSync('npm', ['install', '--prefix', 'bench', '--no-audit', '--no-fund'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

// 2. A fresh build when any input is newer than the bundles.
function newest(dir) {
  let t = 0;
  for (const f of readdirSync(dir, { recursive: true })) {
    const p = join(dir, String(f));
    const s = statSync(p);
    if (s.isFile()) t = Math.max(t, s.mtimeMs);
  }
  return t;
}
const outputs = ['dist/cli.js', 'dist/extension.js'].map((f) => join(ROOT, f));
const built = outputs.every((f) => existsSync(f)) ? Math.min(...outputs.map((f) => statSync(f).mtimeMs)) : 0;
const inputs = Math.max(newest(join(ROOT, 'src')), newest(join(ROOT, 'schemas')), statSync(join(ROOT, 'esbuild.mjs')).mtimeMs, statSync(join(ROOT, 'package.json')).mtimeMs);
if (built < inputs) {
  log('dist/ is stale: npm run build');
  const r = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

// 3. The real host first (its numbers feed parts 3 and 5).
const only = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',').map(Number)) : undefined;
const hostJson = join(RESULTS, 'host.json');
let hostNote = '';
if (process.env.BENCH_SKIP_HOST !== '1' && (!only || only.has(3) || only.has(5))) {
  log('part 3/5 (real extension host, code-server harness)');
  const r = spawnSync(process.execPath, [join(BENCH, 'host', 'run.mjs')], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) hostNote = r.status === 3 ? 'the code-server harness is not set up (npm run host:setup)' : `the host run failed (exit ${r.status})`;
} else hostNote = 'skipped (BENCH_SKIP_HOST=1)';

// 4. The parts, each in its own process.
const PARTS = [
  [1, 'engine.bench.ts'],
  [2, 'cli.bench.ts'],
  [3, 'validate.bench.ts'],
  [4, 'transform.bench.ts'],
  [5, 'extension.bench.ts'],
  [6, 'metrics.bench.ts'],
  [7, 'serve.bench.ts'],
  [8, 'paginate.bench.ts'],
  [9, 'cache.bench.ts'],
  [10, 'report.bench.ts'],
  [12, 'large.bench.ts'],
];
const sections = [];
let failed = 0;
for (const [n, file] of PARTS) {
  if (only && !only.has(n)) continue;
  log(`part ${n}: ${file}`);
  const t = Date.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(BENCH, file)], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, BENCH_HOST_JSON: existsSync(hostJson) ? hostJson : '' },
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const out = r.stdout.trim();
  process.stdout.write(`${out}\n`);
  if (r.status !== 0) {
    failed++;
    sections.push(`### Part ${n} failed (exit ${r.status})\n`);
  } else sections.push(out);
  log(`part ${n} took ${((Date.now() - t) / 1000).toFixed(0)} s`);
}

const cpus = os.cpus();
const header = [
  '## Performance',
  '',
  `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}, Node ${process.version}. ` +
    `Reproduce with \`npm run bench\` (about ${Math.ceil((Date.now() - started) / 60000)} minutes here; offline, every server on 127.0.0.1). ` +
    'Each table measures our numbers and its baselines in the same run, interleaved (A B A B), and shows medians with min–max; absolute times drift between runs on a shared machine, the ratios hold better.',
  hostNote ? `\nReal extension host: ${hostNote}.` : '',
].join('\n');
const md = `${header}\n${sections.join('\n')}\n`;
writeFileSync(join(RESULTS, 'latest.md'), md);
log(`wrote bench/results/latest.md (${((Date.now() - started) / 1000).toFixed(0)} s)`);
process.exit(failed ? 1 : 0);
