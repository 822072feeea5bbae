import { strict as assert } from 'node:assert';
import { complete, valueAround } from '../../../src/core/editor/completion';

describe('completion on hostile files', () => {
  const deep = `version: 1\nname: x\nrequest:\n  \nbody:\n  ${'- '.repeat(300)}x\n`;
  const offset = deep.indexOf('  \n') + 2;

  it('does not parse a file the validator refuses (nesting past the depth guard)', () => {
    assert.equal(valueAround(deep, offset), undefined);
    assert.deepEqual(valueAround('version: 1\nname: x\n\n', 20), { version: 1, name: 'x' });
  });

  it('still answers with keys there (schema-only, no value to choose branches)', () => {
    assert.ok(Array.isArray(complete(deep, offset, { secretNames: [] })));
  });
});
