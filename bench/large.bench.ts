/**
 * Part 12 — a 50MB JSON response (README "Performance", large responses). Whole processes on one
 * loopback server: `ion run` printing the whole output, `ion run` with a transform that reads
 * `input.json`, the httpyac CLI, and curl as the floor; wall time and peak RSS (GNU time's
 * maximum resident set size, when /usr/bin/time is there). The panel's side (first paint in the
 * real host) is part 3's `largePanel` row. Interleaved rounds. Run alone: npx tsx bench/large.bench.ts
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { cell, interleave, ratio, section, stats, table } from './lib/stats';

const ROOT = join(__dirname, '..');
const WORK = join(__dirname, 'results', 'large');
const CLI = join(ROOT, 'dist', 'cli.js');
const HTTPYAC = join(__dirname, 'node_modules', 'httpyac', 'bin', 'httpyac.js');
const GNU_TIME = '/usr/bin/time';
const MB = 1024 * 1024;
const ROUNDS = Number(process.env.BENCH_LARGE_ROUNDS ?? 3);

function body50MB(): Buffer {
  const rows: string[] = [];
  let size = 12;
  for (let i = 0; size < 50 * MB; i++) {
    const r = JSON.stringify({ id: i, name: `item ${i}`, price: i * 1.5, tags: ['a', 'b'], active: i % 2 === 0 });
    rows.push(r);
    size += r.length + 1;
  }
  return Buffer.from(`{"items":[${rows.join(',')}]}`);
}

const rss: Record<string, number[]> = {};

/** Wall ms of one process; its peak RSS (KB) into `rss[name]` when GNU time is there. */
function run(name: string, cmd: string, args: string[]): Promise<number> {
  const timed = existsSync(GNU_TIME);
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const child = spawn(timed ? GNU_TIME : cmd, timed ? ['-f', 'maxrss=%M', cmd, ...args] : args, { cwd: WORK, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
    child.on('error', reject);
    child.on('close', (code) => {
      const wall = performance.now() - t;
      const m = /maxrss=(\d+)/.exec(err);
      if (m) (rss[name] ??= []).push(Number(m[1]));
      // httpyac exits 0; ion 0; curl 0. Anything else is a broken measurement.
      if (code !== 0) reject(new Error(`${name} exited ${code}: ${err.slice(-1500)}`));
      else resolve(wall);
    });
  });
}

async function main(): Promise<void> {
  mkdirSync(WORK, { recursive: true });
  const body = body50MB();
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/items`;
  const head = `version: 1\nname: large\nrequest:\n  url: "${url}"\n  maxResponseBytes: 100MB\n  timeout: 120s\nvalidate:\n  status: [200]\n`;
  writeFileSync(join(WORK, 'whole.ion.yaml'), head);
  writeFileSync(join(WORK, 'count.ion.yaml'), `${head}transform:\n  script: "return { count: input.json.items.length }"\n  memory: 1GB\n  timeout: 30s\n`);
  writeFileSync(join(WORK, 'one.http'), `GET ${url}\n`);
  const variants: Record<string, () => Promise<number>> = {
    ionWhole: () => run('ionWhole', process.execPath, ['--', CLI, 'run', 'whole.ion.yaml', '--no-outputs']),
    ionTransform: () => run('ionTransform', process.execPath, ['--', CLI, 'run', 'count.ion.yaml', '--no-outputs']),
    curl: () => run('curl', 'curl', ['-s', '-o', '/dev/null', url]),
  };
  if (existsSync(HTTPYAC)) variants.httpyac = () => run('httpyac', process.execPath, [HTTPYAC, 'send', 'one.http', '--all', '-o', 'body']);
  const r = await interleave(variants, ROUNDS, 1);
  server.close();
  const s = Object.fromEntries(Object.entries(r).map(([k, v]) => [k, stats(v)]));
  const peak = (k: string) => (rss[k]?.length ? `${Math.round(stats(rss[k]).median / 1024)} MB` : '—');
  const rows = [
    ['`ion run`, output printed whole (no transform)', cell(s.ionWhole), ratio(s.ionWhole.median, s.curl.median), s.httpyac ? ratio(s.ionWhole.median, s.httpyac.median) : '—', peak('ionWhole')],
    ['`ion run`, transform reads `input.json` (1GB cap)', cell(s.ionTransform), ratio(s.ionTransform.median, s.curl.median), s.httpyac ? ratio(s.ionTransform.median, s.httpyac.median) : '—', peak('ionTransform')],
    ...(s.httpyac ? [['httpyac CLI, body printed', cell(s.httpyac), ratio(s.httpyac.median, s.curl.median), '1.00×', peak('httpyac')]] : []),
    ['floor: `curl -o /dev/null`', cell(s.curl), '1.00×', s.httpyac ? ratio(s.curl.median, s.httpyac.median) : '—', peak('curl')],
  ];
  section(`12. A ${(body.length / MB).toFixed(0)}MB JSON response, whole process`, table(['what', 'wall ms median (min–max)', '× curl', '× httpyac', 'peak RSS'], rows), [
    `${ROUNDS} interleaved rounds after one warm-up; the goal is to report (issue: "report; panel first paint < 1 s"); the panel row is in part 3.`,
    'The body is parsed once; a transform gets the body text and parses `input.json` in the sandbox only when it reads it; the terminal printer uses native JSON.stringify for values under 32 levels.',
  ]);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
