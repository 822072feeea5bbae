/**
 * The masker on its own: every encoding of a secret is masked in any text, a cut never leaves a long
 * prefix of one, and a value at any depth is masked without recursion.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { MASK, Masker } from '../../src/core/secrets/mask';
import { findLeak, leakForms, runs, secretArb, SEED } from './masking-forms';

const filler = fc.string({ maxLength: 40 }).map((s) => s.replace(/Sk7q/g, ''));

describe('security: masking every encoding (unit)', () => {
  it('masks each form of a secret, of Bearer SECRET and of user:SECRET, inside any text', () => {
    fc.assert(
      fc.property(secretArb, filler, filler, fc.nat(), (secret, before, after, pick) => {
        const m = new Masker();
        m.add(secret, 'tok');
        m.addBasic('svc', secret);
        const forms = leakForms(secret);
        const form = forms[pick % forms.length];
        const text = `${before}${form}${after}`;
        const out = m.mask(text);
        assert.equal(findLeak(out, secret), undefined, `form ${JSON.stringify(form)} survived in ${JSON.stringify(out)}`);
        assert.ok(m.carries(text));
      }),
      { seed: SEED, numRuns: runs(300) },
    );
  });

  it('a cut at any place never ends with 4 or more characters of a secret (in any encoding)', () => {
    fc.assert(
      fc.property(secretArb, fc.string({ maxLength: 30 }), fc.nat(), fc.nat(), (secret, before, pick, at) => {
        const m = new Masker();
        m.add(secret);
        m.addBasic('svc', secret);
        const forms = leakForms(secret);
        const form = forms[pick % forms.length];
        const text = `${before.replace(/Sk7q/g, '')}${form}${form}tail`;
        const limit = at % (text.length + 1);
        const out = m.cut(text, limit);
        assert.ok(out.length <= limit + MASK.length, 'a cut is no longer than its limit and a mask');
        const probe = form.slice(0, 4);
        const ends = out.endsWith(MASK) ? out.slice(0, -MASK.length) : out;
        for (let k = 4; k < form.length; k++) assert.ok(!ends.endsWith(form.slice(0, k)) || !form.slice(0, k).startsWith(probe), `cut leaves ${k} chars of ${JSON.stringify(form)}: ${JSON.stringify(out)}`);
        assert.equal(findLeak(out, secret), undefined);
      }),
      { seed: SEED, numRuns: runs(300) },
    );
  });

  it('masks strings and keys at any depth, iteratively (100,000 levels)', () => {
    const secret = 'Sk7q/deep+secret';
    const m = new Masker();
    m.add(secret);
    let v: unknown = { [secret]: `x${secret}`, n: 1 };
    for (let i = 0; i < 100_000; i++) v = i % 2 ? [v] : { k: v };
    let out = m.maskDeep(v) as unknown;
    for (let i = 100_000 - 1; i >= 0; i--) out = i % 2 ? (out as unknown[])[0] : (out as Record<string, unknown>).k;
    assert.deepEqual(out, { [MASK]: `x${MASK}`, n: 1 });
  });

  it('masks a number whose digits are a secret, and `__proto__` keys stay plain data', () => {
    const m = new Masker();
    m.add('98765432');
    const out = m.maskDeep(JSON.parse('{"a": 98765432, "__proto__": {"x": "98765432"}}')) as Record<string, unknown>;
    assert.equal(out.a, MASK);
    assert.deepEqual(Object.getOwnPropertyDescriptor(out, '__proto__')?.value, { x: MASK });
    assert.equal(Object.getPrototypeOf(out), Object.prototype);
  });

  it('maskDeep equals masking each string, key and number on its own, for values whose strings repeat (its per-call memo)', () => {
    // The reference: a plain recursive copy (small values only) with mask/carries on each part.
    const reference = (m: Masker, v: unknown): unknown => {
      if (typeof v === 'string') return m.mask(v);
      if (typeof v === 'number' || typeof v === 'boolean') return m.carries(String(v)) ? MASK : v;
      if (v === null || typeof v !== 'object') return v;
      if (Array.isArray(v)) return v.map((x) => reference(m, x));
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) Object.defineProperty(out, m.mask(k), { value: reference(m, x), enumerable: true, writable: true, configurable: true });
      return out;
    };
    fc.assert(
      fc.property(secretArb, fc.nat(), fc.array(fc.oneof(filler, fc.integer()), { minLength: 1, maxLength: 6 }), fc.jsonValue({ maxDepth: 3 }), (secret, pick, pool, extra) => {
        const m = new Masker();
        m.add(secret, 'tok');
        m.addBasic('svc', secret);
        const forms = leakForms(secret);
        const parts = [...pool, `x${forms[pick % forms.length]}y`, forms[(pick + 1) % forms.length], secret];
        // The same few strings over and over, as keys and values (a parsed list of records).
        const rows = Array.from({ length: 30 }, (_, i) => ({ [String(parts[i % parts.length])]: parts[(i * 7) % parts.length], id: i, extra }));
        const v = JSON.parse(JSON.stringify({ rows, __proto__: rows[0] })) as unknown;
        const out = m.maskDeep(v);
        assert.deepEqual(out, reference(m, v));
        assert.equal(findLeak(JSON.stringify(out), secret), undefined);
      }),
      { seed: SEED, numRuns: runs(200) },
    );
  });

  it('a copy from maskDeepUnchanging is kept as it is inside a later maskDeep, until a secret is added', () => {
    const m = new Masker();
    m.add('Sk7q-first-secret');
    const json = m.maskDeepUnchanging({ items: [{ a: 'Sk7q-first-secret' }, { b: 'Sk7q-later-secret' }] });
    assert.deepEqual(json, { items: [{ a: MASK }, { b: 'Sk7q-later-secret' }] });
    const result = m.maskDeep({ output: json, note: 'x Sk7q-first-secret' });
    assert.equal(result.output, json, 'walked again instead of kept');
    assert.equal(result.note, `x ${MASK}`);
    m.add('Sk7q-later-secret');
    const again = m.maskDeep({ output: json });
    assert.notEqual(again.output, json);
    assert.deepEqual(again.output, { items: [{ a: MASK }, { b: MASK }] });
  });

  it('keeps the no-secret path free: the same value back, the same text back', () => {
    const m = new Masker();
    const v = { a: [1, 2, { b: 'c' }] };
    assert.equal(m.maskDeep(v), v);
    assert.equal(m.mask('x'.repeat(100)), 'x'.repeat(100));
  });
});
