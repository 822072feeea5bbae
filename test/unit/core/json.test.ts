import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { nestsDeeperThan, parseJson, parseJsonContainer, parseJsonObject } from '../../../src/core/json';

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
