import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { visit } from 'yaml';
import { parseIntegration, type ParsedIntegration } from '../../../src/core/parse';
import { createIncrementalValidator } from '../../../src/core/validate/incremental';

const ROOT = join(__dirname, '../../..');
const EXAMPLES = join(ROOT, 'examples');
const BROKEN = join(ROOT, 'test/fixtures/broken');

function testItem(i: number): string {
  return i % 2 === 0
    ? `  - name: happy ${i}
    input: { login: user${i} }
    response:
      status: 200
      body: { id: ${i}, login: user${i}, name: "User ${i}" }
    expect: { output: { id: ${i}, nombre: "USER ${i}", activo: true } }
`
    : `  - name: rate limit ${i}
    responses:
      - { status: 429, headers: { Retry-After: "1" } }
      - { status: 200, body: { id: ${i} } }
    expect: { ok: true, attempts: 2 }
`;
}

/** A valid file with many `tests:` items, the shape the incremental path is for. */
function generated(items: number): string {
  let text = `version: 1
name: gen
environments:
  dev: { baseUrl: "https://api.example.com" }
request:
  method: GET
  url: "{{ vars.baseUrl }}/users/{{ input.login }}"
transform: |
  const r = JSON.parse(input.body);
  return { id: r.id };

tests:
`;
  for (let i = 0; i < items; i++) text += testItem(i);
  return text;
}

/** Compact `- ` items at column 0, anchors within a block, comments between blocks. */
const COMPACT = `# leading comment
version: 1
name: compact
request: &req
  method: GET
  url: https://api.example.com/x
# between blocks
tests:
- name: one
  response: { status: 200 }
  expect: { ok: true }
# inside the list
- name: two
  response:
    status: 500
  expect: { error: server_error }
output:
  to:
    - { type: file, path: out/a.jsonl, format: jsonl }
`;

const ANCHORS_ACROSS = `version: 1
name: anchors
environments:
  dev: &dev { baseUrl: "https://a.example" }
  acme: *dev
request:
  method: GET
  url: "{{ vars.baseUrl }}"
tests:
  - name: a
    response: &ok { status: 200 }
    expect: { ok: true }
  - name: b
    response: *ok
    expect: { ok: true }
`;

function corpus(): string[] {
  const files = readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.ion.yaml'))
    .map((f) => readFileSync(join(EXAMPLES, f), 'utf8'));
  const broken = readdirSync(BROKEN)
    .filter((f) => f.endsWith('.ion.yaml') && f !== 'alias-bomb.ion.yaml')
    .map((f) => readFileSync(join(BROKEN, f), 'utf8'));
  return [...files, ...broken, generated(6), COMPACT, ANCHORS_ACROSS, `${generated(2)}\r\n`.replace(/\n/g, '\r\n')];
}

/** Every path into the plain value, to compare node ranges (capped). */
function paths(v: unknown, prefix: Array<string | number> = [], out: Array<Array<string | number>> = []): Array<Array<string | number>> {
  if (out.length > 400) return out;
  out.push(prefix);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...prefix, i], out));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...prefix, k], out);
  return out;
}

function assertSame(actual: ParsedIntegration, expected: ParsedIntegration, text: string): void {
  const where = `\n--- text ---\n${text}\n------------`;
  assert.deepStrictEqual(actual.diagnostics, expected.diagnostics, `diagnostics differ${where}`);
  assert.deepStrictEqual(actual.value, expected.value, `value differs${where}`);
  assert.equal(actual.hasErrors, expected.hasErrors);
  for (const p of paths(expected.value)) {
    assert.deepStrictEqual(actual.rangeOf(p), expected.rangeOf(p), `rangeOf(${JSON.stringify(p)}) differs${where}`);
    assert.deepStrictEqual(actual.keyRangeOf(p), expected.keyRangeOf(p), `keyRangeOf(${JSON.stringify(p)}) differs${where}`);
  }
  for (const offset of [0, text.length >> 1, text.length]) assert.deepStrictEqual(actual.position(offset), expected.position(offset));
}

/** What a result says, as plain data: every node's range in its `doc`, `rangeOf`/`keyRangeOf` of every path, value, diagnostics. */
function snapshot(r: ParsedIntegration): unknown {
  const nodes: unknown[] = [];
  visit(r.doc, {
    Node: (_key, node) => {
      nodes.push(node.range ? [...node.range] : null);
    },
  });
  const ranges = paths(r.value).map((p) => [r.rangeOf(p), r.keyRangeOf(p)]);
  return structuredClone({ nodes, ranges, value: r.value, diagnostics: r.diagnostics, docRange: r.doc.range ? [...r.doc.range] : null });
}

interface Edit {
  at: number; // fraction of the text length, 0..1
  remove: number;
  insert: string;
}

function applyEdit(text: string, e: Edit): string {
  const start = Math.min(text.length, Math.floor(e.at * (text.length + 1)));
  const end = Math.min(text.length, start + e.remove);
  return text.slice(0, start) + e.insert + text.slice(end);
}

// Characters that change YAML structure, plus ordinary text.
const PIECES = [' ', '  ', '\n', '\n  ', '\n- ', '- ', ':', ': ', '#', ' #', '&a ', '*a', '"', "'", '[', ']', '{', '}', ',', '|', '>', 'a', 'x1', '1', '\t', '---\n', '...', '%', '?', '!', 'tests:\n', '\n  - name: n\n', 'name: z\n', '{{ vars.x }}', '\r\n', 'é'];
// Typing: the common case, which mostly keeps the file readable YAML.
const TYPED = ['a', 'Z', '7', ' ', '_', '.', '/', 'x1'];
const editArb = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      remove: fc.nat({ max: 12 }),
      insert: fc.array(fc.constantFrom(...PIECES), { maxLength: 3 }).map((xs) => xs.join('')),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      remove: fc.nat({ max: 1 }),
      insert: fc.constantFrom(...TYPED),
    }),
  },
);

describe('validate: incremental re-validation', () => {
  const texts = corpus();

  it('equals a full parse on every corpus file, first and repeated', () => {
    for (const text of texts) {
      const v = createIncrementalValidator();
      assertSame(v.update(text), parseIntegration(text), text);
      assertSame(v.update(text), parseIntegration(text), text);
    }
  });

  it('equals a full parse after random edits, applied one after another (property)', function () {
    this.timeout(600_000);
    const modes = { incremental: 0, full: 0 };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: texts.length - 1 }), fc.array(editArb, { minLength: 1, maxLength: 6 }), (which, edits) => {
        const v = createIncrementalValidator();
        let text = texts[which];
        v.update(text);
        for (const e of edits) {
          text = applyEdit(text, e);
          assertSame(v.update(text), parseIntegration(text), text);
          modes[v.stats.mode]++;
        }
      }),
      { numRuns: Number(process.env.ION_PROPERTY_RUNS ?? 400) },
    );
    // The property must exercise the incremental path, not only its fallback.
    assert.ok(modes.incremental > (modes.incremental + modes.full) / 5, `only ${modes.incremental} incremental updates against ${modes.full} full ones`);
  });

  it('re-parses only the edited test item after a one-character edit', () => {
    const v = createIncrementalValidator();
    const text = generated(40);
    v.update(text);
    const at = text.indexOf('rate limit 21') + 5;
    const edited = `${text.slice(0, at)}X${text.slice(at)}`;
    const r = v.update(edited);
    assert.equal(v.stats.mode, 'incremental');
    assert.equal(v.stats.parsed, 1);
    assert.ok(v.stats.reused > 40);
    assertSame(r, parseIntegration(edited), edited);
  });

  it('reports an edit that breaks the file exactly as a full parse, then recovers', () => {
    const v = createIncrementalValidator();
    const text = generated(10);
    v.update(text);
    const broken = text.replace('name: happy 4', 'name: "happy 4');
    assertSame(v.update(broken), parseIntegration(broken), broken);
    assert.equal(v.stats.mode, 'full');
    assertSame(v.update(text), parseIntegration(text), text);
  });

  it('falls back to a full parse for aliases across blocks and for duplicate top-level keys', () => {
    const v = createIncrementalValidator();
    assertSame(v.update(ANCHORS_ACROSS), parseIntegration(ANCHORS_ACROSS), ANCHORS_ACROSS);
    assert.equal(v.stats.mode, 'full');
    const dup = `${generated(2)}name: again\n`;
    const r = v.update(dup);
    assert.equal(v.stats.mode, 'full');
    assert.ok(r.diagnostics.some((d) => d.code === 'duplicate_key'));
    assertSame(r, parseIntegration(dup), dup);
  });

  it('detects a duplicate test name introduced in another item (checks see the whole file)', () => {
    const v = createIncrementalValidator();
    const text = generated(6);
    v.update(text);
    const edited = text.replace('name: happy 4', 'name: happy 2');
    const r = v.update(edited);
    assert.equal(v.stats.mode, 'incremental');
    assert.ok(r.diagnostics.some((d) => d.code === 'duplicate_test_name'));
    assertSame(r, parseIntegration(edited), edited);
  });

  it('leaves a result handed out earlier unchanged by later updates (its doc, ranges, value and diagnostics)', () => {
    const v = createIncrementalValidator();
    const text = generated(8);
    const earlier = v.update(text);
    const before = snapshot(earlier);
    // An edit near the top moves every later unit; the cached units are reused at their new place.
    const edited = text.replace('name: gen', 'name: generated-file');
    const later = v.update(edited);
    assert.equal(v.stats.mode, 'incremental');
    assert.ok(v.stats.reused > 8, `reused ${v.stats.reused}`);
    assertSame(later, parseIntegration(edited), edited);
    assert.deepStrictEqual(snapshot(earlier), before, 'the earlier result changed after the next update');
    assertSame(earlier, parseIntegration(text), text);
    // Back to the first text (units move back) and once more: the earlier result still holds.
    v.update(text);
    v.update(edited);
    assert.deepStrictEqual(snapshot(earlier), before);
  });

  it('every result of a run of random edits still equals the full parse of its own text (property)', function () {
    this.timeout(600_000);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: texts.length - 1 }), fc.array(editArb, { minLength: 1, maxLength: 5 }), (which, edits) => {
        const v = createIncrementalValidator();
        let text = texts[which];
        const held: Array<[ParsedIntegration, string, ReturnType<typeof snapshot>]> = [];
        let r = v.update(text);
        held.push([r, text, snapshot(r)]);
        for (const e of edits) {
          text = applyEdit(text, e);
          r = v.update(text);
          held.push([r, text, snapshot(r)]);
        }
        for (const [result, t, snap] of held) {
          assert.deepStrictEqual(snapshot(result), snap, `a held result changed\n--- text ---\n${t}`);
          assertSame(result, parseIntegration(t), t);
        }
      }),
      { numRuns: Math.ceil(Number(process.env.ION_PROPERTY_RUNS ?? 400) / 4) },
    );
  });

  it('keeps identical items apart (two items with the same text)', () => {
    const v = createIncrementalValidator();
    const text = `version: 1\nname: same\nrequest: { method: GET, url: "https://a.example" }\ntests:\n${testItem(1)}${testItem(1)}`;
    assertSame(v.update(text), parseIntegration(text), text);
    const edited = text.replace('version: 1', 'version: 2');
    assertSame(v.update(edited), parseIntegration(edited), edited);
    assert.equal(v.stats.mode, 'incremental');
  });
});
