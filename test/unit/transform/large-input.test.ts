import assert from 'node:assert/strict';
import fc from 'fast-check';
import { runTransform, type TransformInput, type TransformOutcome } from '../../../src/core/transform';
import { runTransformInThread } from '../../../src/core/transform/sandbox';
import { inputFor } from './helpers';

function value(o: TransformOutcome): unknown {
  if (!o.ok) assert.fail(`${o.error.kind}: ${o.error.message}`);
  return o.value;
}

// What the script sees of its input: key order, the body, and json, whichever way they came in.
const LOOK = 'return { keys: Object.keys(input), body: input.body, json: input.json, same: JSON.stringify(input.json) === JSON.stringify(JSON.parse(input.body)) }';

describe('transform: input.json as text, the body as a string (large responses)', function () {
  this.timeout(60_000);

  it('a script sees the same input whether json comes as a value, as its text, or both: small and large bodies, worker and thread', async () => {
    const small = { data: { id: 1, name: 'Ada', tags: ['a', 'b'], n: 1.5, nil: null } };
    const large = { items: Array.from({ length: 3000 }, (_, i) => ({ id: i, name: `item ${i}`, price: i * 1.25, ok: i % 2 === 0, note: 'quote " backslash \\ é' })) };
    for (const body of [small, large]) {
      const base = inputFor(body);
      const asText: TransformInput = { ...base, json: undefined, jsonText: base.body };
      const both: TransformInput = { ...base, jsonText: base.body };
      const expected = value(await runTransformInThread(LOOK, base));
      for (const input of [base, asText, both]) {
        assert.deepEqual(value(await runTransform(LOOK, input)), expected);
        assert.deepEqual(value(await runTransformInThread(LOOK, input)), expected);
      }
      assert.equal((expected as { same: boolean }).same, true);
      assert.deepEqual((expected as { keys: string[] }).keys, ['body', 'status', 'headers', 'params', 'vars', 'json']);
    }
  });

  it('a non-JSON body: json stays undefined on every path', async () => {
    for (const body of ['plain text', 'x'.repeat(100_000)]) {
      const r = value(await runTransform('return [typeof input.json, input.body.length]', inputFor(body))) as [string, number];
      assert.deepEqual(r, ['undefined', body.length]);
    }
  });

  it('random JSON bodies above the lazy threshold come through the text path unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.jsonValue({ maxDepth: 3 }), { minLength: 1, maxLength: 20 }), async (parts) => {
        const payload = { pad: 'p'.repeat(70_000), parts };
        const input = inputFor(payload);
        const r = value(await runTransform('return input.json.parts', { ...input, json: undefined, jsonText: input.body }));
        assert.deepEqual(r, JSON.parse(JSON.stringify(parts)));
      }),
      { numRuns: 25 },
    );
  });

  it('a large body that cannot fit in the transform memory is a memory error at its cap, not a crash', async () => {
    const body = JSON.stringify({ s: 'x'.repeat(40 * 1024 * 1024) });
    const r = await runTransform('return input.body.length', { ...inputFor(body), json: undefined, jsonText: body }, { timeoutMs: 20_000 });
    assert.equal(r.ok, false);
    if (!r.ok) assert.ok(['memory', 'marshal'].includes(r.error.kind), `${r.error.kind}: ${r.error.message}`);
  });
});
