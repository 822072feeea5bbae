import assert from 'node:assert/strict';
import { TRANSFORM_DEFAULTS } from '../../../src/core/transform';
import { loadQuickJS } from '../../../src/core/transform/quickjs';
// The runtime's statistics are this thread's: these runs stay on it (no worker).
import { runTransformInThread as runTransform } from '../../../src/core/transform/sandbox';
import { runtimeStats } from '../../../src/core/transform/runtime';
import { inputFor, SEED, SEED_BODY } from './helpers';

/** Each run leaves garbage behind: a context, its intrinsics, and what the script allocated. */
const CHURN = 'const a = []; for (let i = 0; i < 2000; i++) a.push({ i, s: "x" + i }); return a.length';

async function stats() {
  return runtimeStats(await loadQuickJS(TRANSFORM_DEFAULTS.memoryBytes));
}

async function wasmBytes(): Promise<number> {
  return (await loadQuickJS(TRANSFORM_DEFAULTS.memoryBytes)).memory.buffer.byteLength;
}

describe('transform sandbox: one runtime, a fresh context per run', () => {
  it('1,000 consecutive runs reuse one runtime and do not grow its memory without bound', async function () {
    this.timeout(120_000);
    const input = inputFor({ a: 1 });
    for (let i = 0; i < 100; i++) assert.equal((await runTransform(CHURN, input)).ok, true);
    const before = await stats();
    const heapBefore = before.usedBytes!;
    const wasmBefore = await wasmBytes();
    assert.ok(heapBefore > 0, 'the runtime reports its memory');
    let peak = heapBefore;
    for (let i = 0; i < 1000; i++) {
      const r = await runTransform(CHURN, input);
      assert.equal(r.ok, true, JSON.stringify(r));
      if (i % 50 === 0) peak = Math.max(peak, (await stats()).usedBytes!);
    }
    const after = await stats();
    assert.equal(after.created, before.created, 'no new runtime was created');
    assert.equal(after.runs, before.runs + 1000, 'the same runtime served every run');
    // Garbage of earlier runs is collected as new runs allocate: bounded, not 1,000 runs' worth.
    // (A leaked context is over 100 KB: ten leaked runs would pass this bound.)
    assert.ok(peak < heapBefore + 1024 * 1024, `heap grew from ${heapBefore} to a peak of ${peak}`);
    assert.ok((await wasmBytes()) <= wasmBefore + 8 * 1024 * 1024, 'the WebAssembly memory stayed bounded');
  });

  it('a run that hits the memory cap, the stack or the timeout gets the next run a fresh runtime', async () => {
    const input = inputFor(SEED_BODY);
    assert.equal((await runTransform(SEED, input)).ok, true);
    for (const [script, kind] of [
      ['return new Uint8Array(2 ** 30).length', 'memory'],
      ['function f() { return f() + 1 } return f()', 'stack'],
      ['while (true) {}', 'timeout'],
    ] as const) {
      const created = (await stats()).created;
      const r = await runTransform(script, input, { timeoutMs: 100 });
      assert.equal(r.ok === false && r.error.kind, kind, JSON.stringify(r));
      const next = await runTransform(SEED, input);
      assert.equal(next.ok, true, JSON.stringify(next));
      assert.equal((await stats()).created, created + 1, `${kind}: the next run got a new runtime`);
    }
  });

  it('a run that leaves promise jobs pending does not leave them to the next run', async () => {
    const input = inputFor({});
    const created = (await stats()).created;
    const r = await runTransform('let n = 0; const spin = () => Promise.resolve().then(() => { n++; spin(); }); spin(); return 1', input);
    assert.deepEqual(r.ok && r.value, 1);
    const next = await runTransform('return typeof n', input);
    assert.deepEqual(next.ok && next.value, 'undefined');
    assert.equal((await stats()).created, created + 1, 'the runtime with pending jobs was replaced');
  });

  it('scripts still cannot see each other across the reused runtime (globals, prototypes, Symbol registry)', async () => {
    const input = inputFor({});
    // The built-ins and the global object are frozen (strict mode): each write throws.
    const writes = await runTransform('let refused = 0; for (const w of [() => { globalThis.leak = 1 }, () => { Array.prototype.evil = 1 }, () => { Object.prototype.evil = 2 }]) { try { w() } catch { refused++ } } Symbol.for("ion").toString(); return refused', input);
    assert.deepEqual(writes.ok && writes.value, 3, JSON.stringify(writes));
    const r = await runTransform('return [typeof leak, [].evil, ({}).evil, Object.keys(globalThis)]', input);
    assert.deepEqual(r.ok && r.value, ['undefined', null, null, ['console']]);
  });
});
