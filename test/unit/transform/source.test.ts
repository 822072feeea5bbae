import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { parseIntegration } from '../../../src/core/parse';
import { resolveTransformSource, runTransform, type TransformSource } from '../../../src/core/transform';
import { inputFor } from './helpers';

const FIXTURES = resolve(__dirname, '../../fixtures/transform');

function source(yaml: string, dir = FIXTURES, readFile?: (p: string) => string): TransformSource {
  const r = resolveTransformSource(parseIntegration(yaml), dir, readFile);
  assert.ok(r && !('error' in r), `expected a source, got ${JSON.stringify(r)}`);
  return r;
}

/** The file line and column where the script fails. */
async function failingAt(src: TransformSource): Promise<{ line: number; column: number }> {
  const out = await runTransform(src.script, inputFor({ data: null }), { timeoutMs: src.timeoutMs, memoryBytes: src.memoryBytes });
  assert.equal(out.ok, false);
  const e = (out as { error: { line?: number; column?: number } }).error;
  assert.ok(e.line !== undefined && e.column !== undefined, JSON.stringify(e));
  return { line: e.line + src.lineOffset, column: e.column + src.columnOffset };
}

const HEAD = 'version: 1\nname: t\nrequest:\n  url: "http://127.0.0.1/"\n';

describe('transform source: where the script comes from and where its errors are', () => {
  it('has none when the file has no transform', () => {
    assert.equal(resolveTransformSource(parseIntegration(HEAD), FIXTURES), undefined);
  });

  it('inline block scalar: an error maps to its YAML line and column', async () => {
    const yaml = `${HEAD}transform: |   # the seed's shape\n  const respuesta = JSON.parse(input.body);\n\n  return respuesta.data.id;\n`;
    const src = source(yaml);
    assert.equal(src.timeoutMs, 1000);
    assert.equal(src.memoryBytes, 64 * 1024 * 1024);
    const at = await failingAt(src);
    // Line 8 of the file is "  return respuesta.data.id;"; QuickJS points at ".id".
    assert.equal(yaml.split('\n')[at.line - 1], '  return respuesta.data.id;');
    assert.equal(at.line, 8);
    assert.equal(yaml.split('\n')[at.line - 1].slice(at.column - 1).startsWith('.id') || yaml.split('\n')[at.line - 1].slice(at.column - 1).startsWith('id'), true);
  });

  it('{ script } with caps: the line maps and the caps are read', async () => {
    const yaml = `${HEAD}transform:\n  timeout: 250ms\n  memory: 32MB\n  script: |\n    const a = 1;\n    return input.json.data.x;\n`;
    const src = source(yaml);
    assert.equal(src.timeoutMs, 250);
    assert.equal(src.memoryBytes, 32 * 1024 * 1024);
    const at = await failingAt(src);
    assert.equal(at.line, 10);
    assert.equal(yaml.split('\n')[9], '    return input.json.data.x;');
  });

  it('a one-line quoted script maps its column on line 1', async () => {
    const yaml = `${HEAD}transform: "return nope.x"\n`;
    const src = source(yaml);
    const at = await failingAt(src);
    assert.equal(at.line, 5);
    assert.equal(yaml.split('\n')[4].slice(at.column - 1, at.column + 3), 'nope');
  });

  it('{ file }: reads the file next to the integration; positions refer to that file', async () => {
    const yaml = readFileSync(join(FIXTURES, 'with-file.ion.yaml'), 'utf8');
    const src = source(yaml);
    assert.equal(src.file, join(FIXTURES, 'normalize.js'));
    assert.equal(src.lineOffset, 0);
    assert.equal(src.timeoutMs, 500);
    const at = await failingAt(src);
    assert.equal(at.line, 4);
    assert.match(readFileSync(src.file!, 'utf8').split('\n')[3], /throw new Error/);
    const good = await runTransform(src.script, inputFor({ data: { id: 9 } }));
    assert.deepEqual(good.ok && good.value, { id: 9 });
  });

  it('{ file } must stay inside the integration folder', () => {
    for (const file of ['../escape.js', '/etc/passwd', 'nested/../../x.js', '.']) {
      const yaml = `${HEAD}transform:\n  file: ${JSON.stringify(file)}\n`;
      const r = resolveTransformSource(parseIntegration(yaml), FIXTURES, () => 'return 1');
      assert.ok(r && 'error' in r, file);
      assert.match(r.error, /inside the integration's folder/);
      assert.equal(r.offset, yaml.indexOf(JSON.stringify(file)));
    }
  });

  it('the validator refuses a transform.timeout above 30s, at the value, and accepts 30s', () => {
    const over = parseIntegration(`${HEAD}transform:\n  script: return 1\n  timeout: 2m\n`);
    const d = over.diagnostics.filter((x) => x.code === 'out_of_range');
    assert.equal(d.length, 1, JSON.stringify(over.diagnostics));
    assert.equal(d[0].severity, 'error');
    assert.equal(over.text.slice(d[0].start, d[0].end), '2m');
    assert.match(d[0].message, /`transform.timeout` is at most 30s/);
    assert.deepEqual(parseIntegration(`${HEAD}transform:\n  script: return 1\n  timeout: 30s\n`).diagnostics, []);
  });

  it('a missing file, both forms, or bad caps are errors at the value', () => {
    const cases: [string, RegExp][] = [
      ['transform:\n  file: missing.js\n', /cannot read transform.file "missing.js" \(ENOENT\)/],
      ['transform:\n  file: normalize.js\n  script: return 1\n', /both `script` and `file`/],
      ['transform:\n  script: return 1\n  timeout: soon\n', /transform.timeout must be a duration/],
      ['transform:\n  script: return 1\n  memory: 10KB\n', /transform.memory must be a size of at least 1MB/],
      ['transform:\n  script: return 1\n  timeout: 31s\n', /transform.timeout must be at most 30s/],
      ['transform:\n  timeout: 1s\n', /needs `script`/],
      ['transform: [1]\n', /must be a script/],
    ];
    for (const [tail, pattern] of cases) {
      const r = resolveTransformSource(parseIntegration(HEAD + tail), FIXTURES);
      assert.ok(r && 'error' in r, tail);
      assert.match(r.error, pattern);
      assert.equal(typeof r.offset, 'number', tail);
    }
  });
});
