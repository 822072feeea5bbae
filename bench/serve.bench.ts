/**
 * `ion serve` under load: 2,000 signed events (Standard Webhooks) at concurrency 32 from this
 * process, against `ion serve` (the built CLI, every event synced to its inbox before the 202) and
 * against a bare node:http server in another process that answers 202 without doing anything (the
 * floor). Prints throughput as a ratio of the floor and p50/p99 acknowledgement latency, and checks
 * that every acknowledged event is in the run log exactly once. Needs `npm run build`.
 * Run alone: npx tsx bench/serve.bench.ts
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signHeaders } from '../src/core/serve';

const CLI = join(__dirname, '..', 'dist', 'cli.js');
const EVENTS = Number(process.env.BENCH_SERVE_EVENTS ?? 2000);
const CONCURRENCY = 32;
const SECRET = `whsec_${Buffer.from('bench signing key, 32 bytes long').toString('base64')}`;
const FILE = `version: 1
name: bench-hook
trigger:
  type: webhook
  signature: { scheme: standard, secret: "{{ secret.bench_key }}" }
`;
const FLOOR = `require('node:http').createServer((q, s) => { q.resume(); q.on('end', () => { s.writeHead(202, { 'Content-Type': 'application/json' }); s.end('{"runId":"x"}'); }); }).listen(0, '127.0.0.1', function () { console.log('listening on http://127.0.0.1:' + this.address().port); });`;

function startProcess(args: string[], cwd: string, env: Record<string, string>): Promise<{ port: number; proc: ChildProcess }> {
  const proc = spawn(process.execPath, args, { cwd, env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) resolve({ port: Number(m[1]), proc });
    });
    proc.on('exit', (code) => reject(new Error(`exited ${code}`)));
  });
}

async function load(port: number): Promise<{ seconds: number; latencies: number[]; acked: string[] }> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const latencies: number[] = [];
  const acked: string[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < EVENTS) {
        const i = next++;
        const body = JSON.stringify({ i });
        const headers = signHeaders({ scheme: 'standard', secret: SECRET }, Buffer.from(body), Date.now(), `msg_${i}_${t0}`);
        const t = performance.now();
        const r = await new Promise<{ status: number; body: string }>((resolve, reject) => {
          const req = request({ host: '127.0.0.1', port, path: '/hooks/bench-hook', method: 'POST', agent, headers: { 'Content-Type': 'application/json', ...headers } }, (res) => {
            let b = '';
            res.on('data', (c: Buffer) => (b += c.toString()));
            res.on('end', () => resolve({ status: res.statusCode!, body: b }));
          });
          req.on('error', reject);
          req.end(body);
        });
        latencies.push(performance.now() - t);
        if (r.status === 202) acked.push((JSON.parse(r.body) as { runId: string }).runId);
      }
    }),
  );
  agent.destroy();
  return { seconds: (performance.now() - t0) / 1000, latencies, acked };
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil(p * xs.length) - 1)];

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ion-serve-bench-'));
  writeFileSync(join(dir, 'bench-hook.ion.yaml'), FILE);
  const floor = await startProcess(['-e', FLOOR], dir, {});
  const ion = await startProcess(['--', CLI, 'serve', '--port', '0', '--concurrency', '32', '--queue', String(EVENTS * 2)], dir, { ION_SECRET_BENCH_KEY: SECRET });
  const f = await load(floor.port);
  const s = await load(ion.port);
  const deadline = Date.now() + 120_000;
  let ids: string[] = [];
  while (Date.now() < deadline) {
    ids = readFileSync(join(dir, '.ion', 'runs.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { runId: string }).runId);
    if (ids.length >= s.acked.length) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  floor.proc.kill('SIGTERM');
  ion.proc.kill('SIGTERM');
  const once = s.acked.every((id) => ids.filter((x) => x === id).length === 1) && ids.length === s.acked.length;
  const row = (name: string, r: typeof f) => `| ${name} | ${r.acked.length}/${EVENTS} | ${(EVENTS / r.seconds).toFixed(0)} | ${pct(r.latencies, 0.5).toFixed(1)} | ${pct(r.latencies, 0.99).toFixed(1)} |`;
  console.log(`### 7. ion serve: ${EVENTS} signed events at concurrency ${CONCURRENCY}\n`);
  console.log('| Server | 202s | events/s | p50 ack ms | p99 ack ms |\n|---|---|---|---|---|');
  console.log(row('bare node:http (floor)', f));
  console.log(row('ion serve (fsync per batch)', s));
  console.log(`\nThroughput: ${((EVENTS / s.seconds) / (EVENTS / f.seconds)).toFixed(2)}x the floor (goal 0.5x); p99 goal 25 ms. Every acknowledged event in the run log exactly once: ${once ? 'yes' : 'NO'}.`);
  if (!once) process.exitCode = 1;
}

void main();
