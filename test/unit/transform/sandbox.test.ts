import assert from 'node:assert/strict';
import { runTransform, type TransformOutcome } from '../../../src/core/transform';
import { inputFor, SEED, SEED_BODY } from './helpers';

function ok(o: TransformOutcome) {
  assert.equal(o.ok, true, o.ok ? '' : `expected success, got ${JSON.stringify(o.error)}`);
  return o as Extract<TransformOutcome, { ok: true }>;
}
function failed(o: TransformOutcome) {
  assert.equal(o.ok, false, `expected failure, got ${JSON.stringify(o)}`);
  return o as Extract<TransformOutcome, { ok: false }>;
}

describe('transform sandbox: running scripts', () => {
  it("runs the seed's transform as written", async () => {
    const r = ok(await runTransform(SEED, inputFor(SEED_BODY)));
    assert.deepEqual(r.value, { id: 42, nombre: 'MARÍA', activo: true });
    assert.ok(r.durationMs >= 0);
  });

  it('gives the script body, json, status, lower-cased headers, params and vars', async () => {
    const input = inputFor({ a: [1, 2] }, { status: 201, headers: { 'x-total': '3' }, params: { login: 'octocat' }, vars: { baseUrl: 'http://h' } });
    const r = ok(await runTransform('return [typeof input.body, input.json.a[1], input.status, input.headers["x-total"], input.params.login, input.vars.baseUrl]', input));
    assert.deepEqual(r.value, ['string', 2, 201, '3', 'octocat', 'http://h']);
  });

  it('json is undefined when the body is not JSON, and assignable', async () => {
    const r = ok(await runTransform('const before = input.json === undefined; input.json = 5; return [before, input.json, input.body]', inputFor('plain text')));
    assert.deepEqual(r.value, [true, 5, 'plain text']);
  });

  it('a large body gets input.json on first access, and it stays assignable', async () => {
    const big = { pad: 'p'.repeat(100_000), x: { y: 3 } };
    const r = ok(await runTransform('const a = input.json.x.y; const same = input.json === input.json; input.json = 1; return [a, same, input.json, input.body.length]', inputFor(big)));
    assert.deepEqual(r.value, [3, true, 1, JSON.stringify(big).length]);
    const none = ok(await runTransform('return input.json === undefined', inputFor('x'.repeat(100_000))));
    assert.equal(none.value, true);
  });

  it('supports await in the body (the script is an async function body)', async () => {
    const r = ok(await runTransform('const a = await Promise.resolve(20); const b = await (async () => a + 1)(); return { b }', inputFor({})));
    assert.deepEqual(r.value, { b: 21 });
  });

  it('turns undefined into null', async () => {
    assert.equal(ok(await runTransform('return undefined', inputFor({}))).value, null);
    assert.equal(ok(await runTransform('const x = 1;', inputFor({}))).value, null);
  });

  it('captures console.log/info/warn/error into logs, formatted', async () => {
    const r = ok(await runTransform('console.log("hola", { a: 1 }, [1, 2], null, undefined, 3); console.warn("w"); console.error("e"); console.info("i"); return 1', inputFor({})));
    assert.deepEqual(r.logs, ['hola {"a":1} [1,2] null undefined 3', '[warn] w', '[error] e', 'i']);
  });

  it('caps the number of log lines and says how many were dropped', async () => {
    const r = ok(await runTransform('for (let i = 0; i < 1000; i++) console.log("line " + i); return 1', inputFor({})));
    assert.equal(r.logs.length, 201);
    assert.equal(r.logs[0], 'line 0');
    assert.match(r.logs[200], /800 more log line\(s\) dropped/);
  });

  it('keeps logs written before a failure', async () => {
    const r = failed(await runTransform('console.log("before"); null.x', inputFor({})));
    assert.deepEqual(r.logs, ['before']);
  });

  it('two runs do not see each other\'s globals', async () => {
    // Frozen built-ins and global object, strict mode: each write throws.
    const refused = ok(await runTransform('let n = 0; for (const w of [() => { globalThis.leak = 42 }, () => { Object.prototype.polluted = true }, () => { JSON.parse = () => 1 }]) { try { w() } catch { n++ } } return n', inputFor({})));
    assert.equal(refused.value, 3);
    const r = ok(await runTransform('return [typeof leak, ({}).polluted === undefined, JSON.parse("[7]")[0]]', inputFor({})));
    assert.deepEqual(r.value, ['undefined', true, 7]);
  });

  it('marshals a large output (about 1 MB of JSON)', async () => {
    const r = ok(await runTransform('return Array.from({ length: 20000 }, (_, i) => ({ i, s: "x".repeat(40) }))', inputFor({})));
    assert.ok(Array.isArray(r.value) && r.value.length === 20000);
  });

  it('refuses an output past the output cap, clearly', async () => {
    const r = failed(await runTransform('return "x".repeat(17 * 1000 * 1000)', inputFor({})));
    assert.equal(r.error.kind, 'marshal');
    assert.match(r.error.message, /output is too large: 17000002 characters of JSON \(limit 16777216\)/);
  });
});

describe('transform sandbox: errors', () => {
  it('reports a thrown error with its script line and column', async () => {
    const r = failed(await runTransform('const a = 1;\nconst b = null;\nreturn b.name;', inputFor({})));
    assert.equal(r.error.kind, 'error');
    assert.match(r.error.message, /^TypeError: cannot read property 'name' of null/);
    assert.equal(r.error.line, 3);
    assert.equal(r.error.column, 9);
  });

  it('reports a column on line 1 without the wrapper', async () => {
    const r = failed(await runTransform('return nope.x', inputFor({})));
    assert.equal(r.error.line, 1);
    assert.equal(r.error.column, 8);
  });

  it('reports a syntax error at its line', async () => {
    const r = failed(await runTransform('const ok = 1;\nconst x = ;\n', inputFor({})));
    assert.match(r.error.message, /^SyntaxError/);
    assert.equal(r.error.line, 2);
  });

  it('reports an error thrown after an await', async () => {
    const r = failed(await runTransform('await null;\n\nthrow new Error("late")', inputFor({})));
    assert.equal(r.error.message, 'late');
    assert.equal(r.error.line, 3);
  });

  it('reports a thrown non-Error value', async () => {
    const r = failed(await runTransform('throw "boom"', inputFor({})));
    assert.equal(r.error.message, 'thrown: boom');
  });

  it('refuses functions, symbols, cycles and BigInt in the output with a clear message', async () => {
    for (const [script, pattern] of [
      ['return () => 1', /contains a function/],
      ['return { f() {} }', /contains a function at key "f"/],
      ['return { s: Symbol("x") }', /contains a symbol at key "s"/],
      ['const o = {}; o.self = o; return o', /circular/],
      ['return { n: 10n }', /BigInt/],
    ] as const) {
      const r = failed(await runTransform(script, inputFor({})));
      assert.equal(r.error.kind, 'marshal', script);
      assert.match(r.error.message, pattern, script);
    }
  });

  it('a promise that never settles fails at once instead of waiting for the timeout', async () => {
    const started = performance.now();
    const r = failed(await runTransform('await new Promise(() => {})', inputFor({}), { timeoutMs: 60_000 }));
    assert.match(r.error.message, /never settles/);
    assert.ok(performance.now() - started < 5000);
  });

  it('an aborted signal cancels the run', async () => {
    const ac = new AbortController();
    ac.abort();
    const r = failed(await runTransform('return 1', inputFor({}), { signal: ac.signal }));
    assert.equal(r.error.kind, 'cancelled');
  });

  it('still works after many failures (the module stays healthy)', async () => {
    for (let i = 0; i < 20; i++) failed(await runTransform('throw new Error("x")', inputFor({})));
    ok(await runTransform(SEED, inputFor(SEED_BODY)));
  });
});
