import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { displayCopy, nestsDeeperThan, parseJson, parseJsonContainer, parseJsonObject } from '../../../src/core/json';

describe('json: parsing text that may not be JSON', () => {
  it('parses JSON, and answers undefined (never throws) for what is not', () => {
    assert.deepEqual(parseJson(' {"a":1} '), { a: 1 });
    assert.equal(parseJson('null'), null);
    assert.equal(parseJson('3'), 3);
    assert.equal(parseJson(''), undefined);
    assert.equal(parseJson('   '), undefined);
    assert.equal(parseJson('{"a":'), undefined);
    assert.equal(parseJson('<html>'), undefined);
  });

  it('keeps only containers, or only objects, when asked', () => {
    assert.deepEqual(parseJsonContainer('[1]'), [1]);
    assert.deepEqual(parseJsonContainer('{"a":1}'), { a: 1 });
    for (const t of ['null', '"s"', '1', 'true', 'nope']) assert.equal(parseJsonContainer(t), undefined, t);
    assert.deepEqual(parseJsonObject('{"a":1}'), { a: 1 });
    for (const t of ['[1]', 'null', '"s"', 'nope']) assert.equal(parseJsonObject(t), undefined, t);
  });
});

describe('core/json: nestsDeeperThan', () => {
  const levels = (v: unknown): number => (v === null || typeof v !== 'object' ? 0 : 1 + Math.max(0, ...Object.values(v).map(levels)));

  it('answers levels(v) > max for any JSON value, asked once or again (the remembered depth)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 10 }), (v, a, b) => {
        assert.equal(nestsDeeperThan(v, a), levels(v) > a);
        assert.equal(nestsDeeperThan(v, b), levels(v) > b);
      }),
      { numRuns: 300 },
    );
  });

  it('stops on a cycle and on a 100,000-level value without walking it all', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    assert.equal(nestsDeeperThan(cyclic, 50), true);
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    assert.equal(nestsDeeperThan(deep, 200), true);
    assert.equal(nestsDeeperThan([[1]], 2), false);
    assert.equal(nestsDeeperThan([[1]], 1), true);
    assert.equal(nestsDeeperThan('x', 0), false);
  });
});

describe('core/json: displayCopy (what the panel is sent of a large output)', () => {
  const count = (v: unknown): number => (v !== null && typeof v === 'object' ? 1 + Object.values(v).reduce((n: number, x) => n + count(x), 0) : 1);

  it('a value within the limits is returned itself', () => {
    const v = { a: [1, 2, { b: 'x' }] };
    assert.equal(displayCopy(v, { maxNodes: 7, maxStringChars: 10 }), v);
  });

  it('a 100,000-item array keeps its first items whole, then says how many were left out', () => {
    const big = Array.from({ length: 100_000 }, (_, i) => ({ id: i, name: `n${i}` }));
    const shown = displayCopy(big, { maxNodes: 301, maxStringChars: 100 }) as unknown[];
    // root + 100 items of 3 values each = 301 values
    assert.equal(shown.length, 101);
    assert.deepEqual(shown.slice(0, 100), big.slice(0, 100));
    assert.equal(shown[100], '… 99900 more items not shown');
  });

  it('objects say how many keys were left out; long strings are cut with a note; __proto__ stays a plain key', () => {
    const v = JSON.parse('{"a":1,"__proto__":{"x":1},"c":3,"d":4}') as Record<string, unknown>;
    const shown = displayCopy(v, { maxNodes: 3, maxStringChars: 5 }) as Record<string, unknown>;
    assert.deepEqual(Object.keys(shown), ['a', '__proto__', '…']);
    assert.equal(shown['…'], '2 more keys not shown');
    assert.equal(Object.getPrototypeOf(shown), Object.prototype);
    assert.equal(displayCopy('abcdefgh', { maxNodes: 10, maxStringChars: 5 }), 'abcde… (3 more characters not shown)');
  });

  it('never sends more than maxNodes values (plus one note per cut container), for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), fc.integer({ min: 1, max: 40 }), (v, n) => {
        const shown = displayCopy(v, { maxNodes: n, maxStringChars: 1000 });
        if (count(v) <= n) assert.equal(shown, v);
        else {
          const notes = JSON.stringify(shown).match(/more (items?|keys?) not shown/g)?.length ?? 0;
          assert.ok(count(shown) <= n + 2 * notes, `${count(shown)} values for a budget of ${n} (${notes} notes)`);
        }
      }),
      { numRuns: 300 },
    );
  });
});
