/**
 * Parsing and validation stay linear in the file's size: for generated files of n and 4n entries
 * of each shape that used to be quadratic (map keys: `yaml`'s duplicate-key check; secret-looking
 * headers: a map scan per diagnostic; list items with errors: ajv's error concatenation;
 * references across many environments and inputs), validating 4n costs about 4× validating n,
 * and stays within a small factor of a bare `yaml` parse of the same text, measured in the same run.
 * No absolute timings: ratios only, with wide margins (quadratic growth is 16× per 4×; the bound is 12×).
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { parseDocument } from 'yaml';
import { parseIntegration } from '../../src/core/parse';

const SEED = 20261203;
const N = 500;
/** Map keys are cheap to parse, so `yaml`'s quadratic duplicate check shows only at larger sizes. */
const SIZES: Record<string, { n: number; overBare: number }> = { 'map keys': { n: 4000, overBare: 3 }, 'secret-looking headers': { n: 1500, overBare: 12 } };

type Shape = (n: number, key: (i: number) => string) => string;

const HEAD = 'version: 1\nname: big\nenvironments:\n  dev: { baseUrl: "https://api.example.com" }\nrequest:\n  method: POST\n  url: "{{ vars.baseUrl }}/x"\n';
const lines = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join('\n');

export const SHAPES: Record<string, Shape> = {
  'map keys': (n, key) => `${HEAD}  body:\n${lines(n, (i) => `    ${key(i)}: value ${i}`)}\n`,
  'duplicate keys': (n, key) => `${HEAD}  body:\n${lines(n, (i) => `    ${key(i % 7)}: ${i}`)}\n`,
  'secret-looking headers': (n, key) => `${HEAD}  headers:\n${lines(n, (i) => `    Authorization-${key(i)}: "Bearer sk_live_abcdefghijabcdefghij${i}"`)}\n`,
  'list items with errors': (n, key) => `${HEAD}tests:\n${lines(n, (i) => `  - name: ${key(i)}\n    response: { status: 200 }\n    expect: { status: ok }`)}\n`,
  'references across environments': (n, key) =>
    `version: 1\nname: big\nenvironments:\n${lines(n, (i) => `  e${i}: { v${i}: 1 }`)}\nrequest:\n  url: "https://api.example.com/x"\n  headers:\n${lines(n, (i) => `    X-${key(i)}: "{{ vars.v${i} }} {{ input.${key(i)} }}"`)}\n`,
};

function best(f: () => unknown, reps = 3): number {
  let min = Infinity;
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    f();
    min = Math.min(min, performance.now() - t);
  }
  return min;
}

describe('security: validation stays linear in the file size', () => {
  // The generated part (key names) comes from fast-check with a fixed seed; each shape runs once.
  const prefixes = fc.sample(fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/), { seed: SEED, numRuns: Object.keys(SHAPES).length });
  Object.keys(SHAPES).forEach((shape, s) => {
    it(`${shape}: 4n entries cost about 4× n, within a small factor of a bare yaml parse`, function () {
      this.timeout(30_000);
      const key = (i: number) => `${prefixes[s]}_${i}`;
      const n = SIZES[shape]?.n ?? N;
      const small = SHAPES[shape](n, key);
      const large = SHAPES[shape](4 * n, key);
      parseIntegration(small); // warm-up
      const tSmall = best(() => parseIntegration(small));
      const tLarge = best(() => parseIntegration(large));
      const tBare = best(() => parseDocument(large, { uniqueKeys: false }));
      const growth = tLarge / Math.max(tSmall, 1);
      const overBare = tLarge / Math.max(tBare, 1);
      if (process.env.ION_LINEAR_DEBUG) console.log(shape, growth.toFixed(1), overBare.toFixed(1), tSmall.toFixed(0), tLarge.toFixed(0), tBare.toFixed(0));
      assert.ok(growth < 12, `${shape}: 4× the entries took ${growth.toFixed(1)}× the time (${tSmall.toFixed(0)} → ${tLarge.toFixed(0)} ms)`);
      assert.ok(overBare < (SIZES[shape]?.overBare ?? 12), `${shape}: ${overBare.toFixed(1)}× a bare yaml parse (${tLarge.toFixed(0)} vs ${tBare.toFixed(0)} ms)`);
    });
  });

  it('duplicate keys keep their diagnostic: code, message and range of the later key', () => {
    const text = `${HEAD}  body:\n    alpha: 1\n    "beta": 2\n    alpha: 3\n    beta: 4\n`;
    const d = parseIntegration(text).diagnostics.filter((x) => x.code === 'duplicate_key');
    assert.deepEqual(
      d.map((x) => [text.slice(x.start, x.end), x.severity, x.message]),
      [
        ['alpha', 'error', 'duplicate key `alpha`: a key may appear only once in a map'],
        ['beta', 'error', 'duplicate key `beta`: a key may appear only once in a map'],
      ],
    );
    assert.equal(d[0].start, text.lastIndexOf('alpha: 3'));
  });
});
