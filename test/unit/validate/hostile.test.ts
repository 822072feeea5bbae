import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { parseIntegration } from '../../../src/core/parse';
import { checkDepth, MAX_FILE_BYTES } from '../../../src/core/validate/limits';

const VALID_HEAD = 'version: 1\nname: x\nrequest:\n  url: https://api.example.com/items\n';

function codes(text: string): string[] {
  return parseIntegration(text).diagnostics.map((d) => d.code);
}

/** Wall-clock guard only against a hang (a hostile input must not take seconds), not a speed assertion. */
function withinSeconds<T>(fn: () => T): T {
  const t = Date.now();
  const r = fn();
  assert.ok(Date.now() - t < 5000, 'took more than 5 s: treat as a hang');
  return r;
}

describe('validate: hostile input', () => {
  it('refuses a file over 2 MB without parsing it', () => {
    const text = `${VALID_HEAD}description: "${'x'.repeat(MAX_FILE_BYTES)}"\n`;
    const p = withinSeconds(() => parseIntegration(text));
    assert.deepEqual(p.diagnostics.map((d) => d.code), ['file_too_large']);
    assert.equal(p.value, undefined);
    assert.equal(p.hasErrors, true);
    assert.deepEqual(p.position(p.diagnostics[0].start), { line: 1, column: 1 });
  });

  it('counts UTF-8 bytes, not characters, for the size limit', () => {
    const text = `${VALID_HEAD}description: "${'é'.repeat(MAX_FILE_BYTES / 2 + 10)}"\n`;
    assert.ok(text.length < MAX_FILE_BYTES);
    assert.deepEqual(codes(text), ['file_too_large']);
  });

  it('accepts a file just under the limit', () => {
    const text = `${VALID_HEAD}description: "${'x'.repeat(MAX_FILE_BYTES - 200)}"\n`;
    assert.deepEqual(codes(text), []);
  });

  for (const [name, text] of [
    ['100k `[`', '['.repeat(100_000)],
    ['100k `{a: `', '{a: '.repeat(100_000)],
    ['100k compact `- `', `${'- '.repeat(100_000)}x`],
    ['balanced 5k `[` … `]` in a body', `${VALID_HEAD}  body: ${'['.repeat(5000)}${']'.repeat(5000)}\n`],
    ['deep indentation', Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n')],
  ] as const) {
    it(`reports nesting_limit for ${name}, fast, at a position`, () => {
      const p = withinSeconds(() => parseIntegration(text));
      assert.ok(p.diagnostics.length >= 1);
      assert.equal(p.diagnostics[0].code, 'nesting_limit');
      assert.equal(p.hasErrors, true);
      const pos = p.position(p.diagnostics[0].start);
      assert.ok(pos.line >= 1 && pos.column >= 1);
    });
  }

  it('lets realistic nesting through (a 50-level body)', () => {
    const text = `${VALID_HEAD}  body: ${'['.repeat(50)}1${']'.repeat(50)}\n`;
    assert.deepEqual(codes(text), []);
  });

  it('does not count brackets inside quotes, comments or block scalars', () => {
    const js = Array.from({ length: 300 }, () => '  {').join('\n');
    const text = `${VALID_HEAD}description: "${'['.repeat(300)}"\n# ${'{'.repeat(300)}\ntransform: |\n${js}\n`;
    assert.equal(checkDepth(text), undefined);
  });

  it('stops a billion-laughs alias bomb at one alias, without expanding it', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      levels.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const text = `${VALID_HEAD}  body:\n${levels.map((l) => `    ${l}`).join('\n')}\n`;
    const p = withinSeconds(() => parseIntegration(text));
    assert.deepEqual(p.diagnostics.map((d) => d.code), ['alias_limit']);
    assert.equal(p.position(p.diagnostics[0].start).line, 10); // level e: the first alias past the budget
    // The value is still there for the editor, with the bomb defused.
    assert.equal(p.value?.request?.url, 'https://api.example.com/items');
  });

  it('reports an alias to its own ancestor instead of building a cycle', () => {
    const text = `${VALID_HEAD}  body: &loop { self: *loop }\n`;
    const p = parseIntegration(text);
    assert.deepEqual(p.diagnostics.map((d) => d.code), ['alias_limit']);
    assert.doesNotThrow(() => JSON.stringify(p.value));
  });

  it('reports `__proto__` keys and never pollutes Object.prototype', () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    const text = `${VALID_HEAD}environments:\n  dev: { __proto__: { polluted: true }, x: 1 }\n__proto__:\n  polluted: true\n  toString: evil\n`;
    const p = parseIntegration(text);
    assert.deepEqual(p.diagnostics.map((d) => d.code), ['forbidden_key', 'forbidden_key']);
    assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), before);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    const root = p.value as unknown as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(root), Object.prototype);
    assert.equal(Object.prototype.hasOwnProperty.call(root, '__proto__'), false);
    assert.equal((root.environments as Record<string, Record<string, unknown>>).dev.polluted, undefined);
  });

  it('reports `constructor` as a name but allows it inside data', () => {
    const text = `${VALID_HEAD}  body: { constructor: 1 }\n  headers: { constructor: x }\n`;
    const p = parseIntegration(text);
    assert.deepEqual(p.diagnostics.map((d) => [d.code, p.position(d.start).line]), [['forbidden_key', 6]]);
  });

  it('never throws on random text (property test)', () => {
    const yamlish = fc.array(fc.constantFrom('a', 'b', ':', ' ', '\n', '-', '[', ']', '{', '}', '"', "'", '&', '*', '!', '#', '|', '>', '?', ',', '{{', '}}', '\t', 'version: 1', 'request:', 'url: ', '__proto__', '\\'), { maxLength: 200 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 100 }), yamlish), (text) => {
        const p = parseIntegration(text);
        for (const d of p.diagnostics) {
          assert.ok(d.start >= 0 && d.end >= d.start && d.start <= text.length + 1, `bad range ${d.start}-${d.end}`);
          assert.equal(typeof d.message, 'string');
        }
        assert.equal(p.hasErrors, p.diagnostics.some((d) => d.severity === 'error'));
      }),
      { numRuns: 1500 },
    );
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('never throws on random mutations of a valid file (property test)', () => {
    const base = `${VALID_HEAD}auth: { type: bearer, token: "{{ secret.t }}" }\ntrigger: { type: schedule, cron: "*/5 * * * *" }\ntests:\n  - name: a\n    response: { status: 200 }\n    expect: { ok: true }\n`;
    fc.assert(
      fc.property(fc.nat(base.length), fc.nat(20), fc.string({ maxLength: 10 }), (at, del, ins) => {
        const text = base.slice(0, at) + ins + base.slice(at + del);
        parseIntegration(text);
      }),
      { numRuns: 1500 },
    );
  });
});
