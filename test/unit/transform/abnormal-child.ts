/**
 * Run by abnormal.test.ts in a child process, so that anything the WebAssembly module prints to
 * stderr (`Aborted(Assertion failed ...)` when a runtime is freed with objects still owned) is
 * seen. Runs each abnormal transform, then an ordinary one on the same module, and prints one
 * JSON line per run: `{ name, kind, message, next }`.
 */
import { runTransform } from '../../../src/core/transform';
import { inputFor } from './helpers';

const MEMORY = 16 * 1024 * 1024;
const big = { items: Array.from({ length: 20_000 }, (_, i) => ({ i, name: `item ${i}` })) };

export const CASES: Array<{ name: string; script: string; large?: boolean; repeat?: number }> = [
  // First, on a fresh module: QuickJS leaks objects when an async job runs out of memory.
  { name: 'memory: in an async job', script: 'const a = []; for (;;) { await null; a.push({ x: a.length }) }' },
  // A timeout frees the runtime: an earlier run that left objects behind in it shows here.
  { name: 'runaway loop after memory', script: 'for (;;) {}' },
  { name: 'runaway loop', script: 'for (;;) {}' },
  { name: 'runaway loop after await', script: 'await null; for (;;) {}' },
  { name: 'throw null', script: 'throw null' },
  { name: 'throw a number', script: 'throw 42' },
  { name: 'throw a symbol', script: 'throw Symbol("s")' },
  { name: 'throw a bigint', script: 'throw 10n' },
  { name: 'throw a promise', script: 'throw Promise.resolve(1)' },
  { name: 'reject with null', script: 'return Promise.reject(null)' },
  { name: 'stack overflow', script: 'function f() { return f() + 1 } return f()' },
  { name: 'memory: objects', script: 'const a = []; for (;;) a.push({ a: a.length, b: [1, 2, 3] })' },
  { name: 'memory: console after', script: 'const a = []; try { for (;;) a.push({ x: a.length }) } catch (e) { console.log("caught", a.length) }' },
  { name: 'memory: lazy input.json after', large: true, script: 'const a = []; try { for (;;) a.push({ x: a.length }) } catch (e) { return input.json }' },
  { name: 'memory: output', script: 'const a = []; for (let i = 0; i < 1e6; i++) a.push({ x: i, y: "abcdefgh" + i }); return a' },
  { name: 'function in the output', script: 'return { f() {} }' },
  // A job queue stopped by the interrupt: freeing that runtime aborted the module (timing-dependent,
  // hence several caps, at the default memory cap where it showed).
  { name: 'endless promise chain', repeat: 30, script: 'const spin = () => Promise.resolve().then(spin); spin(); for (;;) await null' },
  // Last: a timeout frees the runtime, where a leak of any earlier reused run would show.
  { name: 'final runaway loop', script: 'while (true) {}' },
];

async function main(): Promise<void> {
  for (const c of CASES) {
    const input = c.large ? inputFor(big) : inputFor({ ok: true });
    let r = await runTransform(c.script, input, { timeoutMs: c.name.startsWith('memory') ? 10_000 : 300, memoryBytes: MEMORY });
    for (let i = 1; i < (c.repeat ?? 1); i++) r = await runTransform(c.script, input, { timeoutMs: 20 + 7 * i });
    const next = await runTransform('return input.json.ok', inputFor({ ok: true }), { timeoutMs: 1000, memoryBytes: MEMORY });
    process.stdout.write(
      `${JSON.stringify({
        name: c.name,
        kind: r.ok ? 'ok' : r.error.kind,
        message: r.ok ? '' : r.error.message,
        next: next.ok ? next.value : next.error.message,
      })}\n`,
    );
  }
}

void main();
