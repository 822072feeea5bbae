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
    const labels = complete(deep, offset, { secretNames: [] }).map((i) => i.label);
    for (const key of ['method', 'url', 'headers', 'body', 'timeout']) assert.ok(labels.includes(key), `${key} in ${labels.join(', ')}`);
    assert.ok(!labels.includes('version') && !labels.includes('retry'), `only the keys of request: ${labels.join(', ')}`);
    // The same keys as under `request:` in a file without the deep tail.
    const plain = 'version: 1\nname: x\nrequest:\n  \n';
    assert.deepEqual(labels, complete(plain, plain.indexOf('  \n') + 2, { secretNames: [] }).map((i) => i.label));
  });
});
