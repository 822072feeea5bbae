/**
 * Part 5 — extension cost. In the real host (bench/host/run.mjs → bench/results/host.json, path in
 * BENCH_HOST_JSON): activation time, modules and bytes loaded by activation, open → first
 * diagnostics. Here, in plain Node: dist/extension.js's size and what it is made of (esbuild
 * metafile), the time to `require` it (fresh processes, `vscode` stubbed, vs `node -e 0`
 * interleaved), and how much of its code actually executes while loading (V8 precise coverage).
 * Run alone: npx tsx bench/extension.bench.ts
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { cell, interleave, section, stats, table, verdict } from './lib/stats';

const ROOT = join(__dirname, '..');
const BUNDLE = join(ROOT, 'dist', 'extension.js');
const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;

/** Loads the bundle with `vscode` stubbed; prints { requireMs, executedBytes, totalBytes }. */
const PROBE = `
const Module = require('module');
const inspector = require('inspector');
const orig = Module._resolveFilename;
Module._resolveFilename = function (req, ...rest) { return req === 'vscode' ? 'vscode' : orig.call(this, req, ...rest); };
const anything = new Proxy(function () {}, { get: (t, k) => (k === 'prototype' ? {} : k === Symbol.toPrimitive ? () => 0 : anything), construct: () => anything, apply: () => anything });
const api = {};
for (const m of require('fs').readFileSync(process.argv[1], 'utf8').matchAll(/[.]([A-Za-z_$][A-Za-z0-9_$]*)/g)) api[m[1]] = anything;
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: api };
const s = new inspector.Session(); s.connect();
const post = (m, p) => new Promise((res, rej) => s.post(m, p, (e, r) => (e ? rej(e) : res(r))));
(async () => {
  const file = process.argv[1];
  if (process.argv[2] === 'cover') { await post('Profiler.enable'); await post('Profiler.startPreciseCoverage', { callCount: true, detailed: false }); }
  const t = performance.now();
  require(file);
  const requireMs = performance.now() - t;
  let executedBytes = null;
  const totalBytes = require('fs').statSync(file).size;
  if (process.argv[2] === 'cover') {
    const { result } = await post('Profiler.takePreciseCoverage');
    const script = result.find((r) => r.url.endsWith('/extension.js'));
    // Union of the ranges of functions never called: what loading did not execute.
    const dead = script.functions.filter((f) => f.ranges[0].count === 0).map((f) => [f.ranges[0].startOffset, f.ranges[0].endOffset]).sort((a, b) => a[0] - b[0]);
    let notRun = 0, end = -1;
    for (const [a, b] of dead) { if (b <= end) continue; notRun += b - Math.max(a, end); end = b; }
    const src = require('fs').readFileSync(file, 'utf8');
    executedBytes = Buffer.byteLength(src) * (1 - notRun / src.length);
  }
  console.log(JSON.stringify({ requireMs, executedBytes, totalBytes }));
})();
`;

function probe(mode: 'time' | 'cover'): { requireMs: number; executedBytes: number | null; totalBytes: number } {
  const r = spawnSync(process.execPath, ['-e', PROBE, BUNDLE, mode], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`probe failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() as string) as { requireMs: number; executedBytes: number | null; totalBytes: number };
}

function wall(args: string[]): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return performance.now() - t;
}

async function composition(): Promise<Array<[string, number]>> {
  // The real build's metafile (esbuild.mjs writes it): what dist/extension.js is made of, minified.
  const meta = JSON.parse(readFileSync(join(ROOT, 'dist', 'extension.meta.json'), 'utf8')) as esbuild.Metafile;
  const by = new Map<string, number>();
  for (const out of Object.values(meta.outputs)) {
    for (const [input, v] of Object.entries(out.inputs)) {
      const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
      const key = m ? m[1] : input.startsWith('src/') ? `src/${input.split('/')[1]}${input.split('/').length > 3 ? `/${input.split('/')[2]}` : ''}` : input;
      by.set(key, (by.get(key) ?? 0) + v.bytesInOutput);
    }
  }
  return [...by].sort((a, b) => b[1] - a[1]);
}

async function main(): Promise<void> {
  if (!existsSync(BUNDLE)) throw new Error('dist/extension.js is missing: npm run build');
  const size = statSync(BUNDLE).size;
  const cover = probe('cover');
  const res = await interleave({ node: () => wall(['-e', '0']), require: () => probe('time').requireMs }, Number(process.env.BENCH_EXT_ROUNDS ?? 7), 1);
  const req = stats(res.require);
  const node = stats(res.node);
  const parts = await composition();
  const hostFile = process.env.BENCH_HOST_JSON;
  const host = hostFile && existsSync(hostFile) ? (JSON.parse(readFileSync(hostFile, 'utf8')) as Record<string, any>) : undefined;
  const rows: string[][] = [];
  if (host && !host.error) {
    const loaded = (host.loaded as Array<{ file: string; bytes: number }>) ?? [];
    const loadedBytes = loaded.reduce((n, x) => n + x.bytes, 0);
    rows.push(['activation (real host: `activate()` of the inactive extension, require + activate)', `${host.activationMs.toFixed(0)} ms`, `< 50 ms: ${verdict(host.activationMs < 50)}`]);
    rows.push(['bytes loaded at activation (files new in `require.cache`)', `${kb(loadedBytes)} (${loaded.map((x) => x.file.replace(ROOT + '/', '')).join(', ')})`, `< 300 KB: ${verdict(loadedBytes < 300 * 1024)}`]);
    const s = host.sizes as Record<string, { openMs: number; editMedianMs: number }>;
    const k = Object.keys(s).find((x) => x === '1000') ?? Object.keys(s)[0];
    rows.push([`open → first diagnostics (real host, ${k} lines)`, `${s[k].openMs.toFixed(0)} ms`, `< 100 ms: ${verdict(s[k].openMs < 100)}`]);
    const d = host.dashboard as { runs: number; openMs: number; updateOurMedianMs: number; updateRunToRenderedMedianMs: number } | undefined;
    if (d) {
      rows.push([`Show Dashboard → rendered in the webview (real host, ${d.runs.toLocaleString('en')}-run log)`, `${d.openMs.toFixed(0)} ms`, `< 500 ms: ${verdict(d.openMs < 500)}`]);
      rows.push(['dashboard update after one more run: our code (run landed → report posted), median of 5', `${d.updateOurMedianMs.toFixed(1)} ms`, `< 50 ms: ${verdict(d.updateOurMedianMs < 50)}`]);
      rows.push(['the same, run finished → the webview rendered it', `${d.updateRunToRenderedMedianMs.toFixed(0)} ms`, 'report']);
    }
  } else {
    rows.push(['real-host measurements', host?.error ? `failed: ${String(host.error).split('\n')[0]}` : 'skipped (code-server harness not set up: npm run host:setup)', '—']);
  }
  rows.push(['dist/extension.js size', kb(size), `< 300 KB: ${verdict(size < 300 * 1024)}`]);
  rows.push(['code executed while loading it (plain Node, V8 coverage; `vscode` stubbed)', `${kb(cover.executedBytes ?? 0)} of ${kb(cover.totalBytes)}`, 'report']);
  rows.push(['`require` of dist/extension.js (plain Node, fresh process)', `${cell(req)} ms`, 'report']);
  rows.push(['baseline: `node -e 0`, whole process', `${cell(node)} ms`, '—']);
  const top = parts.slice(0, 8).map(([k, v]) => `${k} ${kb(v)}`).join(', ');
  section('5. Extension cost', table(['measure', 'value', 'goal'], rows), [
    `Bundle composition (esbuild metafile of the real build, minified): ${top}.`,
    host ? `Host: VS Code ${host.vscode} (code-server harness, headless chromium), extension host Node ${host.node}.` : 'Host: not measured.',
  ]);
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
