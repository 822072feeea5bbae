/**
 * Part 1 — engine overhead, in-process: 2,000 runs of one GET against a keep-alive loopback
 * server answering a 1 KB JSON body, sequential and at concurrency 16. Baseline: raw
 * `undici.request` + `JSON.parse` on its own pooled Agent. Interleaved rounds (A B C A B C).
 * Run alone: npx tsx bench/engine.bench.ts
 */
import { Agent, request } from 'undici';
import { runIntegration } from '../src/core/engine/run';
import { defaultRunHooks } from '../src/core/engine/default-hooks';
import { closeSharedTransports } from '../src/core/http/transport';
import { parseIntegration, type ParsedIntegration } from '../src/core/parse';
import type { SecretSource } from '../src/core/ports';
import { cell, interleave, ratio, section, stats, table, verdict } from './lib/stats';
import { startServer } from './lib/server';

const RUNS = Number(process.env.BENCH_ENGINE_RUNS ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SEED = `const respuesta = JSON.parse(input.body);
  return { id: respuesta.data.id, nombre: respuesta.data.name.toUpperCase(), activo: respuesta.data.is_active };`;

function file(url: string, transform: boolean): ParsedIntegration {
  const text = `version: 1
name: bench
request:
  method: GET
  url: "${url}/users/42"
validate:
  status: [200]
${transform ? `transform: |\n  ${SEED}\n` : ''}`;
  const p = parseIntegration(text);
  if (p.hasErrors) throw new Error(p.diagnostics.map((d) => d.message).join('; '));
  return p;
}

const secrets: SecretSource = { get: async () => undefined, allowOrigin: async () => true };

async function times(n: number, concurrency: number, one: () => Promise<void>): Promise<number> {
  const t = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < n) {
      next++;
      await one();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return performance.now() - t;
}

async function main(): Promise<void> {
  const server = await startServer();
  const agent = new Agent({ keepAliveTimeout: 4000 });
  const url = `${server.url}/users/42`;
  const plain = file(server.url, false);
  const withTransform = file(server.url, true);
  const hooks = defaultRunHooks();
  const raw = async () => {
    const res = await request(url, { dispatcher: agent });
    const v = JSON.parse(await res.body.text()) as { data: { id: number } };
    if (res.statusCode !== 200 || v.data.id !== 42) throw new Error('bad raw response');
  };
  const engine = (p: ParsedIntegration) => async () => {
    const r = await runIntegration(p, { file: '/tmp/bench.ion.yaml', secrets, env: {}, hooks, outputs: false });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
  };
  const rows: string[][] = [];
  const notes: string[] = [];
  for (const concurrency of [1, 16]) {
    const res = await interleave(
      {
        raw: () => times(RUNS, concurrency, raw),
        engine: () => times(RUNS, concurrency, engine(plain)),
        transform: () => times(RUNS, concurrency, engine(withTransform)),
      },
      ROUNDS,
    );
    const r = stats(res.raw);
    const e = stats(res.engine);
    const t = stats(res.transform);
    const per = (s: { median: number }) => `${((s.median / RUNS) * 1000).toFixed(0)} µs`;
    const label = concurrency === 1 ? 'sequential' : 'concurrency 16';
    const g1 = concurrency === 1 ? `≤ 1.3×: ${verdict(e.median / r.median <= 1.3)}` : 'report';
    const g2 = concurrency === 1 ? `≤ 4×: ${verdict(t.median / r.median <= 4)}` : 'report';
    rows.push([label, 'raw undici.request + JSON.parse (baseline)', cell(r), per(r), '1.00×', '—']);
    rows.push([label, 'runIntegration, no transform', cell(e), per(e), ratio(e.median, r.median), g1]);
    rows.push([label, 'runIntegration + sandboxed transform', cell(t), per(t), ratio(t.median, r.median), g2]);
  }
  notes.push(`${RUNS.toLocaleString('en-US')} runs a round, ${ROUNDS} interleaved rounds after one warm-up round; server: node:http keep-alive on 127.0.0.1, 1 KB JSON body (${server.requests().toLocaleString('en-US')} requests served).`);
  notes.push('runIntegration runs the whole pipeline: template resolution, origin gate, masking, retry loop, status validation, transform (QuickJS, a fresh context per run in a reused runtime), result building; outputs off, no run log.');
  section('1. Engine overhead (in-process, 2,000 runs)', table(['mode', 'variant', 'wall ms median (min–max)', 'per run', '× raw', 'goal'], rows), notes);
  await agent.close();
  await closeSharedTransports();
  await server.close();
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
