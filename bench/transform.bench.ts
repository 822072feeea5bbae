/**
 * Part 4 — transform per-run cost of the seed's transform: the QuickJS sandbox as the engine
 * calls it (`runTransform`: in a worker thread, the transform compiled once in a locked-down context and called per run; the round trip included) vs a plain
 * JS function call vs `node:vm` `runInNewContext` with a timeout (a fresh context, no real
 * boundary). Interleaved rounds; medians and min-max of the per-run cost.
 * Run alone: npx tsx bench/transform.bench.ts
 */
import { runInNewContext } from 'node:vm';
import type { JsonValue } from '../src/core/model';
import { runTransform } from '../src/core/transform';
import { interleave, ms, ratio, section, stats, table, verdict } from './lib/stats';

const SEED =
  'const respuesta = JSON.parse(input.body); return { id: respuesta.data.id, nombre: respuesta.data.name.toUpperCase(), activo: respuesta.data.is_active };';
const body = JSON.stringify({ data: { id: 42, name: 'María', is_active: true } });
const input = { body, json: JSON.parse(body) as JsonValue, status: 200, headers: { 'content-type': 'application/json' }, params: {}, vars: {} };

// eslint-disable-next-line @typescript-eslint/no-implied-eval
const plain = new Function('input', SEED) as (i: typeof input) => unknown;
const vmSource = `(function (input) { ${SEED}\n})(input)`;

const ROUNDS = Number(process.env.BENCH_ROUNDS_TRANSFORM ?? 15);
const PER_ROUND = 200;

async function sandboxRound(): Promise<number> {
  const t = performance.now();
  for (let i = 0; i < PER_ROUND; i++) {
    const r = await runTransform(SEED, input);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
  }
  return (performance.now() - t) / PER_ROUND;
}
function plainRound(): number {
  const t = performance.now();
  let sink = 0;
  for (let i = 0; i < PER_ROUND; i++) sink += (plain(input) as { id: number }).id;
  if (sink === 0) throw new Error('unreachable');
  return (performance.now() - t) / PER_ROUND;
}
function vmRound(): number {
  const t = performance.now();
  for (let i = 0; i < PER_ROUND; i++) runInNewContext(vmSource, { input }, { timeout: 1000 });
  return (performance.now() - t) / PER_ROUND;
}

async function main(): Promise<void> {
  await runTransform(SEED, input); // load the WebAssembly module once, as a process would
  const res = await interleave({ sandbox: sandboxRound, plain: plainRound, vm: vmRound }, ROUNDS, 3);
  const p = stats(res.plain);
  const v = stats(res.vm);
  const s = stats(res.sandbox);
  const us = (x: number) => `${ms(x * 1000)} µs`;
  const row = (name: string, st: typeof s, goal: string) => [name, `${us(st.median)} (${us(st.min)}–${us(st.max)})`, ratio(st.median, p.median), ratio(st.median, v.median), goal];
  const rows = [
    row('plain function call (baseline, no isolation)', p, '—'),
    row('node:vm runInNewContext + timeout (baseline, no real boundary)', v, '—'),
    row('QuickJS sandbox: runTransform (worker, compiled once, locked-down context)', s, `≤ 0.15 ms: ${verdict(s.median <= 0.15)}`),
  ];
  section('4. Transform per-run cost (seed transform)', table(['variant', 'per run median (min–max)', '× plain', '× node:vm', 'goal'], rows), [
    `${ROUNDS} interleaved rounds × ${PER_ROUND} runs after 3 warm-up rounds; the WebAssembly module is loaded once per process, as in a real process.`,
  ]);
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
