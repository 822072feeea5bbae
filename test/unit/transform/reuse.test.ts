import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { JsonValue } from '../../../src/core/model';
import type { TransformOutcome } from '../../../src/core/transform';
// Both modes on this thread: a compiled transform reused across runs, and a context of its own per run.
import { runTransformInThread } from '../../../src/core/transform/sandbox';
import { inputFor } from './helpers';

function seen(o: TransformOutcome): unknown {
  return o.ok ? { value: o.value, logs: o.logs } : { error: o.error.kind, message: o.error.message, logs: o.logs };
}

const reused = (script: string, json: unknown) => runTransformInThread(script, inputFor(json as JsonValue));
const fresh = (script: string, json: unknown) => runTransformInThread(script, inputFor(json as JsonValue), { reuse: false });

/** Transforms that try to keep something for their next run. */
const KEEPERS: Record<string, string> = {
  'a global write': 'globalThis.count = (globalThis.count ?? 0) + 1; return count',
  'a global read after a caught write': 'try { globalThis.count = (globalThis.count ?? 0) + 1 } catch (e) { console.log(e.name) } return typeof count',
  'an undeclared assignment': 'try { counter = 1 } catch (e) { return e.name } return counter',
  'a prototype patch': 'try { Array.prototype.seen = ([].seen ?? 0) + 1 } catch (e) { return [e.name, [].seen] } return [].seen',
  'Object.prototype': 'try { Object.prototype.seen = 1 } catch (e) { return [e.name, ({}).seen] } return ({}).seen',
  'defineProperty on a built-in': 'try { Object.defineProperty(Math, "memo", { value: (Math.memo ?? 0) + 1 }) } catch (e) { return [e.name, Math.memo] } return Math.memo',
  'setPrototypeOf of the global': 'try { Object.setPrototypeOf(globalThis, { kept: 1 }) } catch (e) { return [e.name, globalThis.kept] } return globalThis.kept',
  'Symbol.for': 'const s = Symbol.for("ion.state"); try { s.count = 1 } catch (e) { return [e.name, String(s), Symbol.keyFor(s)] } return s.count',
  'a cache hung on a built-in function': 'try { JSON.parse.cache = (JSON.parse.cache ?? 0) + 1 } catch (e) { return [e.name, JSON.parse.cache ?? null] } return JSON.parse.cache',
  'a cache hung on console.log': 'try { console.log.cache = (console.log.cache ?? 0) + 1 } catch (e) { return [e.name, console.log.cache ?? null] } return console.log.cache',
  'console replaced': 'try { console = { log() {} } } catch (e) { return e.name } return 1',
  'Math.random replaced': 'try { Math.random = () => 0.5 } catch (e) { return [e.name, Math.random() !== 0.5] } return Math.random()',
  'Date patches': 'try { Date.now = () => 0 } catch (e) { try { Date.prototype.getTime = () => 0 } catch (f) { return [e.name, f.name, Date.now() > 0] } } return Date.now()',
  'the generator prototype (syntax only)': 'const G = Object.getPrototypeOf(function* () {}); try { G.prototype.kept = 1 } catch (e) { return [e.name, G.prototype.kept ?? null] } return G.prototype.kept',
  'the async function prototype': 'const A = Object.getPrototypeOf(async function () {}); try { A.kept = 1 } catch (e) { return [e.name, A.kept ?? null] } return A.kept',
  'the array iterator prototype': 'const I = Object.getPrototypeOf([][Symbol.iterator]()); try { I.kept = 1 } catch (e) { return [e.name, I.kept ?? null] } return I.kept',
  'the typed array prototype': 'const T = Object.getPrototypeOf(Uint8Array.prototype); try { T.kept = 1 } catch (e) { return [e.name, T.kept ?? null] } return T.kept',
  'Function-made sloppy code': 'Function("try { this.kept = (this.kept || 0) + 1 } catch (e) {}")(); return [typeof kept, Function("return typeof this.kept")()]',
  'Error settings': 'try { Error.stackTraceLimit = 0 } catch (e) { return [e.name, typeof Error.stackTraceLimit] } return Error.stackTraceLimit',
  'RegExp legacy statics': 'const before = [typeof RegExp.$1, RegExp.$1 ?? null, RegExp.lastMatch ?? null]; /(zz)/.exec("zz"); return before',
  'lastIndex of a shared regexp': 'const r = /a/g; r.exec("aaa"); return r.lastIndex',
  'this in the transform': 'return typeof this',
  'a pending promise left behind': 'Promise.resolve().then(() => console.log("late")); return 1',
  'input kept': 'input.kept = (input.kept ?? 0) + 1; return input.kept',
};

describe('transform sandbox: a reused context keeps nothing between runs', () => {
  for (const [name, script] of Object.entries(KEEPERS)) {
    it(`${name}: each run sees what a fresh context sees`, async () => {
      const want = seen(await fresh(script, {}));
      for (let i = 0; i < 3; i++) assert.deepEqual(seen(await reused(script, {})), want, `run ${i + 1} of ${script}`);
      assert.deepEqual(seen(await fresh(script, {})), want, 'a fresh context after the reused runs');
    });
  }

  it('the global object and every built-in reachable from it are frozen', async () => {
    const r = await reused(
      'const seen = new Set(); const todo = [globalThis]; const open = []; while (todo.length) { const o = todo.pop(); if ((typeof o !== "object" && typeof o !== "function") || o === null || seen.has(o)) continue; seen.add(o); if (!Object.isFrozen(o)) open.push(String(o.name ?? o.constructor?.name ?? "?")); todo.push(Object.getPrototypeOf(o)); for (const k of Reflect.ownKeys(o)) { const d = Object.getOwnPropertyDescriptor(o, k); if ("value" in d) todo.push(d.value); else todo.push(d.get, d.set); } } return [seen.size > 100, open]',
      {},
    );
    assert.deepEqual(r.ok && r.value, [true, []], JSON.stringify(r));
  });

  it('property: over random inputs, a reused context answers as a fresh one (fixed seed)', async function () {
    this.timeout(60_000);
    const scripts = [
      'const j = input.json; return { keys: Object.keys(j ?? {}).sort(), size: JSON.stringify(j).length, status: input.status }',
      'const out = []; const walk = (v) => { if (Array.isArray(v)) v.forEach(walk); else if (v && typeof v === "object") Object.values(v).forEach(walk); else out.push(typeof v) }; walk(input.json); return out.sort()',
      'const s = JSON.stringify(input.json); return [s.split("").reverse().join("").length, s.toUpperCase() === s.toLowerCase(), Array.from(s).filter((c) => c > "m").length]',
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...scripts), fc.jsonValue({ maxDepth: 4 }), async (script, json) => {
        const a = seen(await reused(script, json));
        const b = seen(await fresh(script, json));
        assert.deepEqual(a, b);
      }),
      { seed: 4242, numRuns: 150 },
    );
  });
});
