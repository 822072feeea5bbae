import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseIntegration } from '../../../src/core/parse';

const FIXTURES = join(__dirname, '../../fixtures');
const BROKEN = join(FIXTURES, 'broken');

/** `# expect: LINE:COL severity code` lines at the top of a fixture. */
function expectations(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^# expect: (\d+:\d+ \w+ \w+)\s*$/.exec(line);
    if (m) out.push(m[1]);
  }
  return out;
}

function actual(text: string): string[] {
  const p = parseIntegration(text);
  return p.diagnostics.map((d) => {
    const s = p.position(d.start);
    return `${s.line}:${s.column} ${d.severity} ${d.code}`;
  });
}

describe('validate: golden corpus of broken files', () => {
  const files = readdirSync(BROKEN).filter((f) => f.endsWith('.ion.yaml')).sort();

  it('has a fixture for each kind of problem', () => {
    assert.ok(files.length >= 20, `only ${files.length} fixtures`);
  });

  for (const file of files) {
    it(`${file} reports exactly what its header expects`, () => {
      const text = readFileSync(join(BROKEN, file), 'utf8');
      const expected = expectations(text);
      assert.ok(expected.length > 0, 'a broken fixture must expect at least one diagnostic');
      assert.deepEqual(actual(text), expected);
    });
  }

  it('accepts the example of docs/reference.md#file-format with no errors and no warnings', () => {
    const text = readFileSync(join(FIXTURES, 'spec-example.ion.yaml'), 'utf8');
    const p = parseIntegration(text);
    assert.deepEqual(actual(text), []);
    assert.equal(p.hasErrors, false);
    assert.equal(p.value?.name, 'github-user');
    assert.equal(p.value?.tests?.length, 2);
  });
});
