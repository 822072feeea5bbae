/**
 * Per-run cost of the seed's transform: the QuickJS sandbox (fresh runtime + context per run,
 * entry and exit included) vs a plain JS function call vs node:vm runInNewContext with a timeout.
 * Interleaved rounds; medians and min-max per run. Run: npx tsx bench/transform.bench.ts
 */
import { runInNewContext } from 'node:vm';
import { runTransform } from '../src/core/transform';

const SEED =
  'const respuesta = JSON.parse(input.body); return { id: respuesta.data.id, nombre: respuesta.data.name.toUpperCase(), activo: respuesta.data.is_active };';
const body = JSON.stringify({ data: { id: 42, name: 'María', is_active: true } });
const input = { body, json: JSON.parse(body), status: 200, headers: { 'content-type': 'application/json' }, params: {}, vars: {} };

// eslint-disable-next-line @typescript-eslint/no-implied-eval
const plain = new Function('input', SEED) as (i: typeof input) => unknown;
const vmSource = `(function (input) { ${SEED}\n})(input)`;

const ROUNDS = 15;
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

function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[s.length >> 1], min: s[0], max: s[s.length - 1] };
}

async function main() {
  await runTransform(SEED, input); // load the WebAssembly module once, as a process would
  for (let i = 0; i < 3; i++) {
    await sandboxRound();
    plainRound();
    vmRound();
  }
  const results: Record<string, number[]> = { 'quickjs sandbox': [], 'plain function': [], 'node:vm (timeout)': [] };
  for (let r = 0; r < ROUNDS; r++) {
    results['quickjs sandbox'].push(await sandboxRound());
    results['plain function'].push(plainRound());
    results['node:vm (timeout)'].push(vmRound());
  }
  const base = stats(results['plain function']).median;
  console.log(`seed transform, ${ROUNDS} interleaved rounds x ${PER_ROUND} runs, ms per run (Node ${process.version})`);
  console.log('variant              median      min        max        x plain');
  for (const [name, xs] of Object.entries(results)) {
    const s = stats(xs);
    console.log(`${name.padEnd(20)} ${s.median.toFixed(4).padStart(9)}  ${s.min.toFixed(4).padStart(9)}  ${s.max.toFixed(4).padStart(9)}  ${(s.median / base).toFixed(0).padStart(8)}`);
  }
  const sandbox = stats(results['quickjs sandbox']).median;
  console.log(`goal <= 0.5 ms per sandbox run: ${sandbox <= 0.5 ? 'met' : 'NOT met'} (${sandbox.toFixed(3)} ms)`);
}

void main();
