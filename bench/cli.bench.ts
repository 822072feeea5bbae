/**
 * Part 2 — the CLI as a whole process. (a) One request, cold: `node dist/cli.js run` vs the
 * httpyac CLI and newman doing the same request with one assertion (bench/peers/), with `node -e 0`
 * and curl as floors. (b) 2,000 requests with one assertion each: `ion test` of a file of 2,000
 * test cases (served by its loopback fixture server) vs httpyac and newman sending 2,000 requests
 * to the keep-alive loopback server. Interleaved rounds. Needs `npm run build` and the bench
 * install. Run alone: npx tsx bench/cli.bench.ts
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cell, interleave, ratio, section, stats, table, verdict, type Stats } from './lib/stats';
import { startServer } from './lib/server';

const ROOT = join(__dirname, '..');
const BENCH = __dirname;
const PEERS = join(BENCH, 'peers');
const WORK = join(BENCH, 'results', 'work');
const CLI = join(ROOT, 'dist', 'cli.js');
const HTTPYAC = join(BENCH, 'node_modules', 'httpyac', 'bin', 'httpyac.js');
const NEWMAN = join(BENCH, 'node_modules', 'newman', 'bin', 'newman.js');
const CASES = Number(process.env.BENCH_CLI_CASES ?? 2000);
const COLD_ROUNDS = Number(process.env.BENCH_CLI_COLD_ROUNDS ?? 5);
const SUITE_ROUNDS = Number(process.env.BENCH_CLI_SUITE_ROUNDS ?? 3);

function run(cmd: string, args: string[], env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const child = spawn(cmd, args, { cwd: WORK, env: { ...process.env, ...env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out.length < 4000 ? (out += d.toString()) : undefined));
    child.stderr.on('data', (d: Buffer) => (out.length < 4000 ? (out += d.toString()) : undefined));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - t;
      if (code !== 0) reject(new Error(`${cmd} ${args.join(' ')} exited ${code}:\n${out.slice(0, 2000)}`));
      else resolve(ms);
    });
  });
}

function writeSuites(baseUrl: string): { ion: string; http: string; postman: string } {
  mkdirSync(WORK, { recursive: true });
  let ion = `version: 1
name: bench-suite
request:
  method: GET
  url: "https://api.example.com/users/{{ input.id }}"
  headers: { Accept: application/json }
validate:
  status: [200]
tests:
`;
  let http = '';
  const items: unknown[] = [];
  for (let i = 0; i < CASES; i++) {
    ion += `  - name: case ${i}
    input: { id: ${i} }
    response: { status: 200, body: { data: { id: ${i}, name: "user ${i}", is_active: true } } }
    expect: { status: 200 }
`;
    http += `GET {{baseUrl}}/users/${i}\nAccept: application/json\n\n?? status == 200\n\n###\n\n`;
    items.push({
      name: `case ${i}`,
      request: { method: 'GET', header: [{ key: 'Accept', value: 'application/json' }], url: `{{baseUrl}}/users/${i}` },
      event: [{ listen: 'test', script: { type: 'text/javascript', exec: ['pm.test("status is 200", function () { pm.response.to.have.status(200); });'] } }],
    });
  }
  const files = { ion: join(WORK, 'suite.ion.yaml'), http: join(WORK, 'suite.http'), postman: join(WORK, 'suite.postman_collection.json') };
  writeFileSync(files.ion, ion);
  writeFileSync(files.http, http);
  writeFileSync(files.postman, JSON.stringify({ info: { name: 'ion-bench-suite', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' }, item: items }));
  void baseUrl;
  return files;
}

async function main(): Promise<void> {
  for (const f of [CLI, HTTPYAC, NEWMAN]) if (!existsSync(f)) throw new Error(`${f} is missing: run npm run bench (it builds and installs what it needs)`);
  const server = await startServer();
  const baseUrl = server.url;
  mkdirSync(WORK, { recursive: true });
  // httpyac only reads files under its working folder: every tool runs in WORK on copies.
  for (const f of ['one-request.ion.yaml', 'one-request.http', 'one-request.postman_collection.json']) copyFileSync(join(PEERS, f), join(WORK, f));
  const node = process.execPath;
  const ionEnv = { ION_BENCH_URL: baseUrl };
  const cold = await interleave(
    {
      nodeE0: () => run(node, ['-e', '0']),
      curl: () => run('curl', ['-sf', '-o', '/dev/null', `${baseUrl}/users/42`]),
      ion: () => run(node, [CLI, 'run', 'one-request.ion.yaml', '--no-outputs', '--log', join(WORK, 'runs.jsonl')], ionEnv),
      httpyac: () => run(node, [HTTPYAC, 'send', 'one-request.http', '--all', '-o', 'none', '--var', `baseUrl=${baseUrl}`]),
      newman: () => run(node, [NEWMAN, 'run', 'one-request.postman_collection.json', '--env-var', `baseUrl=${baseUrl}`, '--silent']),
    },
    COLD_ROUNDS,
    1,
  );
  const suites = writeSuites(baseUrl);
  const suite = await interleave(
    {
      ion: () => run(node, [CLI, 'test', suites.ion, '--reporter', 'json']),
      httpyac: () => run(node, [HTTPYAC, 'send', 'suite.http', '--all', '-o', 'none', '--var', `baseUrl=${baseUrl}`]),
      newman: () => run(node, [NEWMAN, 'run', suites.postman, '--env-var', `baseUrl=${baseUrl}`, '--silent']),
    },
    SUITE_ROUNDS,
    0,
  );
  const c = Object.fromEntries(Object.entries(cold).map(([k, v]) => [k, stats(v)])) as Record<string, Stats>;
  const s = Object.fromEntries(Object.entries(suite).map(([k, v]) => [k, stats(v)])) as Record<string, Stats>;
  const per = (x: Stats) => `${(x.median / CASES).toFixed(2)} ms`;
  const rows = [
    ['1 request, cold process', '`ion run` (node dist/cli.js)', cell(c.ion), '—', ratio(c.ion.median, c.httpyac.median), ratio(c.ion.median, c.newman.median), `≤ 0.4× httpyac: ${verdict(c.ion.median / c.httpyac.median <= 0.4)}`],
    ['', 'httpyac CLI', cell(c.httpyac), '—', '1.00×', ratio(c.httpyac.median, c.newman.median), '—'],
    ['', 'newman', cell(c.newman), '—', ratio(c.newman.median, c.httpyac.median), '1.00×', '—'],
    ['', 'floor: `node -e 0`', cell(c.nodeE0), '—', ratio(c.nodeE0.median, c.httpyac.median), '—', '—'],
    ['', 'floor: curl', cell(c.curl), '—', ratio(c.curl.median, c.httpyac.median), '—', '—'],
    [`${CASES.toLocaleString('en-US')} requests, one assertion each`, '`ion test` (fixture server)', cell(s.ion), per(s.ion), ratio(s.ion.median, s.httpyac.median), ratio(s.ion.median, s.newman.median), `≥ 6× faster than httpyac: ${verdict(s.httpyac.median / s.ion.median >= 6)}; ≥ 25× than newman: ${verdict(s.newman.median / s.ion.median >= 25)}`],
    ['', 'httpyac CLI (loopback server)', cell(s.httpyac), per(s.httpyac), '1.00×', ratio(s.httpyac.median, s.newman.median), '—'],
    ['', 'newman (loopback server)', cell(s.newman), per(s.newman), ratio(s.newman.median, s.httpyac.median), '1.00×', '—'],
  ];
  section('2. CLI, whole process', table(['work', 'tool', 'wall ms median (min–max)', 'per request', '× httpyac', '× newman', 'goal'], rows), [
    `Cold: ${COLD_ROUNDS} interleaved rounds after a warm-up round (the OS file cache is warm for all); each tool does GET /users/42 against the same keep-alive loopback server (1 KB JSON) and asserts status 200. ion writes its run log to a scratch file.`,
    `Suite: ${SUITE_ROUNDS} interleaved rounds. \`ion test\` serves every case from a loopback fixture server, re-armed per case (the offline test mode of \`ion test\`: no real API; the file is also parsed and validated, 8,000+ lines), while httpyac and newman send real requests to the loopback server: the peers have no offline fixture mode, so this compares the tools as each would be used in CI.`,
    'Files: bench/peers/one-request.{ion.yaml,http,postman_collection.json}; the 2,000-case files are generated into bench/results/work/.',
  ]);
  await server.close();
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
