import assert from 'node:assert/strict';
import fc from 'fast-check';
import { stringifyIterative, stringifyJson } from '../../../src/cli/render/json';

describe('cli: the JSON printer', () => {
  it('prints what JSON.stringify(v, null, 2) prints, on both paths, for any JSON-like value', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (v) => {
        const expected = JSON.stringify(v, null, 2);
        assert.equal(stringifyJson(v), expected);
        assert.equal(stringifyIterative(v, 2), expected);
      }),
      { numRuns: 300 },
    );
  });

  it('falls back to the loop for what JSON.stringify refuses (BigInt, cycles), and keeps toJSON and undefined members as JSON does', () => {
    assert.equal(stringifyJson({ n: 10n }), '{\n  "n": "10"\n}');
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    assert.equal(stringifyJson(cyclic), '{\n  "a": 1,\n  "self": "[circular]"\n}');
    const odd = { d: new Date(0), u: undefined, f: () => 1, arr: [undefined, 1] };
    assert.equal(stringifyJson(odd), JSON.stringify(odd, null, 2));
    assert.equal(stringifyJson(undefined), 'null');
  });

  it('a large shallow output (a 200,000-item array) prints through the native path: the same text', () => {
    const big = Array.from({ length: 200_000 }, (_, i) => ({ id: i, name: `item ${i}`, tags: ['a', 'b'] }));
    assert.equal(stringifyJson(big), JSON.stringify(big, null, 2));
  });
});
