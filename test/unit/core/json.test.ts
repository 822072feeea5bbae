import { strict as assert } from 'node:assert';
import { parseJson, parseJsonContainer, parseJsonObject } from '../../../src/core/json';

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
