import assert from 'node:assert/strict';
import { runTransform, type TransformOutcome } from '../../../src/core/transform';
import { inputFor } from './helpers';

/** "Not hung", not a timing assertion: a generous bound far above every cap used here. */
const NOT_HUNG_MS = 5000;

async function timed(script: string, options: Parameters<typeof runTransform>[2] = {}) {
  const started = performance.now();
  const outcome: TransformOutcome = await runTransform(script, inputFor({ a: 1 }), options);
  return { outcome, wallMs: performance.now() - started };
}

function failure(o: TransformOutcome) {
  assert.equal(o.ok, false, `expected failure, got ${JSON.stringify(o)}`);
  return (o as Extract<TransformOutcome, { ok: false }>).error;
}

describe('transform sandbox: no way out', () => {
  const canary = `ion-canary-${process.pid}`;
  before(() => {
    (globalThis as Record<string, unknown>).__ionCanary = canary;
  });
  after(() => {
    delete (globalThis as Record<string, unknown>).__ionCanary;
  });

  for (const script of [
    'return constructor.constructor("return process")()',
    'return (function () {}).constructor("return process")()',
    'return (async function () {}).constructor("return process")()',
    'return Function("return this")().process.pid',
    'return require("fs")',
    'return await import("fs")',
    'return await import("node:child_process")',
    'return await fetch("http://127.0.0.1:1/")',
    'return process.env',
    'return globalThis.process.mainModule',
    'return console.log.constructor("return process")()',
    'return new XMLHttpRequest()',
    'return Deno',
    'return Bun',
  ]) {
    it(`fails cleanly: ${script}`, async () => {
      const { outcome } = await timed(script);
      const error = failure(outcome);
      assert.equal(error.kind, 'error');
      assert.match(error.message, /(not defined|not a function|could not load module|cannot read property)/);
    });
  }

  it('globalThis holds only the language and console: no host objects', async () => {
    const { outcome } = await timed('return Object.getOwnPropertyNames(globalThis)');
    assert.equal(outcome.ok, true);
    const names = (outcome as { value: string[] }).value;
    for (const host of ['process', 'require', 'module', 'fetch', 'Buffer', 'setTimeout', 'setInterval', 'queueMicrotask', 'WebAssembly', '__ionCanary', 'std', 'os']) {
      assert.ok(!names.includes(host), `${host} must not be reachable`);
    }
    assert.ok(names.includes('console') && names.includes('JSON'));
  });

  it('a canary global of the host is unreachable however it is looked for', async () => {
    const { outcome } = await timed(
      'return [typeof __ionCanary, typeof globalThis.__ionCanary, Function("return typeof this.__ionCanary")(), JSON.stringify(Object.getOwnPropertyNames(globalThis))]',
    );
    assert.equal(outcome.ok, true);
    const v = (outcome as { value: string[] }).value;
    assert.deepEqual(v.slice(0, 3), ['undefined', 'undefined', 'undefined']);
    assert.ok(!v[3].includes(canary) && !v[3].includes('__ionCanary'));
  });

  it('the console functions give nothing of the host back', async () => {
    const { outcome } = await timed('return [console.log("x"), typeof console.log.call, String(console.log).includes("native")]');
    assert.equal(outcome.ok, true);
    assert.deepEqual((outcome as { value: unknown }).value, [null, 'function', true]);
  });
});

describe('transform sandbox: caps', () => {
  it('stops while(true){} at the timeout and says so', async () => {
    const { outcome, wallMs } = await timed('while (true) {}', { timeoutMs: 200 });
    const error = failure(outcome);
    assert.equal(error.kind, 'timeout');
    assert.equal(error.message, 'transform timed out after 200 ms (transform.timeout)');
    assert.ok(wallMs < NOT_HUNG_MS, `took ${wallMs} ms`);
  });

  it('uses the default 1s timeout and names it', async () => {
    const { outcome, wallMs } = await timed('for (;;) {}');
    assert.equal(failure(outcome).message, 'transform timed out after 1000 ms (transform.timeout)');
    assert.ok(wallMs < NOT_HUNG_MS);
  });

  it('stops an endless loop inside a promise chain', async () => {
    const { outcome, wallMs } = await timed('await Promise.resolve().then(() => { while (true) {} })', { timeoutMs: 200 });
    assert.equal(failure(outcome).kind, 'timeout');
    assert.ok(wallMs < NOT_HUNG_MS);
  });

  it('stops a promise chain that never ends (each job short)', async () => {
    const { outcome, wallMs } = await timed('const spin = () => Promise.resolve().then(spin); spin(); for (;;) await null', { timeoutMs: 200 });
    assert.equal(failure(outcome).kind, 'timeout');
    assert.ok(wallMs < NOT_HUNG_MS);
  });

  it('stops a 1 GB allocation at the memory cap and says so', async () => {
    for (const script of ['return new Uint8Array(1024 * 1024 * 1024).length', 'return new ArrayBuffer(2 ** 30).byteLength', 'return "x".repeat(2 ** 28).length', 'const keep = []; for (;;) keep.push(new Uint8Array(1000 * 1000))']) {
      const { outcome, wallMs } = await timed(script);
      const error = failure(outcome);
      assert.equal(error.kind, 'memory', `${script}: ${JSON.stringify(error)}`);
      assert.equal(error.message, 'transform ran out of memory: it hit its memory cap of 64 MB (transform.memory)');
      assert.ok(wallMs < NOT_HUNG_MS);
    }
  });

  it('honours a smaller memory cap and names it', async () => {
    const { outcome } = await timed('return "x".repeat(20 * 1000 * 1000).length', { memoryBytes: 16 * 1024 * 1024 });
    assert.equal(failure(outcome).message, 'transform ran out of memory: it hit its memory cap of 16 MB (transform.memory)');
  });

  it('stops runaway recursion as a stack error', async () => {
    for (const script of [
      'function f() { return f() + 1 }\nreturn f()',
      'const o = { get x() { return this.x } }; return o.x',
      'function f() { return [1].map(f) } return f()',
      'let a = []; for (let i = 0; i < 100000; i++) a = [a]; return JSON.stringify(a).length',
    ]) {
      const { outcome, wallMs } = await timed(script);
      const error = failure(outcome);
      assert.equal(error.kind, 'stack', `${script}: ${JSON.stringify(error)}`);
      assert.match(error.message, /stack/);
      assert.ok(wallMs < NOT_HUNG_MS);
    }
  });

  it('works normally after each cap was hit', async () => {
    await timed('while (true) {}', { timeoutMs: 100 });
    await timed('return new Uint8Array(2 ** 30)');
    await timed('function f() { return f() } return f()');
    const { outcome } = await timed('return input.json.a + 1');
    assert.deepEqual(outcome.ok && outcome.value, 2);
  });
});
