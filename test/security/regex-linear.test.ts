/**
 * Schema patterns (`validate.response`, `output.schema`) run on a linear-time engine (re2js), so no
 * pattern hangs a run or `ion test`, whatever its shape; what that engine cannot express
 * (back-references, lookaround) is refused by `ion validate` and by a run with the same words.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { validateBody } from '../../src/core/response-checks';
import { parseIntegration } from '../../src/core/parse';

const ROOT = resolve(__dirname, '../..');
const SEED = 20261203;

/** Patterns that hang a backtracking engine without nested quantifiers (and some with). */
const PATHOLOGICAL = ['^(a|a)*$', '(a|ab)*c', '\\d*\\d*\\d*x', '^(a|aa)+$', '(\\w|\\d)*!', '^(a+)+$', '(.*a){12}'];

describe('security: linear-time regular expressions in schemas', () => {
  it('pathological patterns against long crafted strings finish at once (in a child with a deadline)', function () {
    this.timeout(15_000);
    const script = `
      const { validateBody } = require(${JSON.stringify(resolve(ROOT, 'src/core/response-checks'))});
      const patterns = ${JSON.stringify(PATHOLOGICAL)};
      const inputs = ['a'.repeat(30000) + '!', '1'.repeat(30000), 'ab'.repeat(15000), 'a'.repeat(40)];
      for (const p of patterns) for (const s of inputs) {
        validateBody({ s }, { properties: { s: { pattern: p } } });
        validateBody({ [s]: 1 }, { patternProperties: { [p]: { type: 'string' } } });
      }
      process.stdout.write('done');
    `;
    const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 10_000 });
    assert.equal(r.signal, null, `matching did not finish within 10 s (killed by ${r.signal})`);
    assert.equal(r.stdout, 'done', r.stderr);
  });

  it('answers as JavaScript would for ordinary patterns (property, fixed seed)', () => {
    const patterns = ['^[a-z]+$', '^\\d{3}-\\d{4}$', 'ab|cd', '^(foo|bar)?baz', '\\u00e9', '^[^@\\s]+@[^@\\s]+$', '^.{2,5}$'];
    fc.assert(
      fc.property(fc.constantFrom(...patterns), fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd', 'z', '1', '2', '-', '@', ' ', 'é', 'f', 'o', 'r'), maxLength: 12 }), (p, s) => {
        const v = validateBody({ s }, { properties: { s: { pattern: p } } });
        assert.equal(v.ok, new RegExp(p, 'u').test(s), `/${p}/ on ${JSON.stringify(s)}`);
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  for (const [pattern, words] of [
    ['(a)\\1', /back-references/],
    ['(?=a)b', /lookahead and lookbehind/],
    ['(?<!a)b', /lookahead and lookbehind/],
  ] as const) {
    it(`ion validate and a run refuse ${pattern} with the same reason`, () => {
      const yaml = `version: 1
name: p
request:
  url: "https://api.example.com/x"
validate:
  response:
    properties:
      s: { type: string, pattern: ${JSON.stringify(pattern)} }
`;
      const p = parseIntegration(yaml);
      const d = p.diagnostics.find((x) => x.code === 'bad_pattern');
      assert.ok(d, JSON.stringify(p.diagnostics));
      assert.equal(d.severity, 'error');
      assert.equal(yaml.slice(d.start, d.end), JSON.stringify(pattern));
      assert.match(d.message, words);
      const v = validateBody({ s: 'ab' }, { properties: { s: { pattern } } });
      assert.match(!v.ok ? (v.schemaError ?? '') : '', words);
    });
  }

  it('a patternProperties key the engine cannot run is marked at the key', () => {
    const yaml = 'version: 1\nname: p\nrequest:\n  url: "https://api.example.com/x"\noutput:\n  schema:\n    patternProperties:\n      "(?=x)": { type: string }\n';
    const d = parseIntegration(yaml).diagnostics.find((x) => x.code === 'bad_pattern');
    assert.ok(d);
    assert.equal(yaml.slice(d.start, d.end), '"(?=x)"');
  });
});
