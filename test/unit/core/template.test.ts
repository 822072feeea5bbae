import { strict as assert } from 'node:assert';
import { parseTemplate, secretEnvName } from '../../../src/core/template';

describe('template grammar', () => {
  it('splits literals and references with offsets', () => {
    const t = parseTemplate('{{ vars.baseUrl }}/users/{{input.login}}');
    assert.equal(t.problems.length, 0);
    assert.equal(t.whole, false);
    assert.deepEqual(
      t.parts.map((p) => (p.kind === 'ref' ? `ref:${p.root}.${p.path.join('.')}@${p.start}-${p.end}` : `lit:${p.text}`)),
      ['ref:vars.baseUrl@0-18', 'lit:/users/', 'ref:input.login@25-40'],
    );
  });
  it('marks a whole-value reference', () => {
    assert.equal(parseTemplate('{{ input.count }}').whole, true);
    assert.equal(parseTemplate(' {{ input.count }}').whole, false);
  });
  it('treats \\{{ as a literal', () => {
    const t = parseTemplate('a \\{{ b }} c');
    assert.deepEqual(t.parts, [{ kind: 'literal', text: 'a {{ b }} c' }]);
  });
  it('reports expressions and unclosed braces at their offsets', () => {
    const t = parseTemplate('x {{ vars.a + 1 }} {{ input.b');
    assert.deepEqual(
      t.problems.map((p) => [p.code, p.start, p.end]),
      [
        ['ref_syntax', 2, 18],
        ['ref_unclosed', 19, 29],
      ],
    );
  });
  it('names CLI secrets', () => {
    assert.equal(secretEnvName('github-token'), 'ION_SECRET_GITHUB_TOKEN');
    assert.equal(secretEnvName('github-token', 'acme'), 'ION_SECRET_GITHUB_TOKEN__ACME');
  });
});
