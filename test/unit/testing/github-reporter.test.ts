/**
 * `ion test --reporter github` (src/core/testing/reporters/github.ts, docs/ci.md): one workflow
 * command per failure at the failing test's line, escaped as the Actions runner reads them, after
 * the spec report; exit codes as with every reporter.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { renderGithub } from '../../../src/core/testing/reporters/github';
import { fakeIO, integration, tempDir, writeFiles } from './helpers';

const FILE = integration(`request: { method: GET, url: "{{ vars.baseUrl }}/b" }
tests:
  - name: passes
    response: { status: 200, body: { b: 2 } }
    expect: { output: { b: 2 } }
  - name: "fails, with: punctuation"
    response: { status: 200, body: { b: 2 } }
    expect: { output: { b: 3 } }
`);

/** The 1-based line of the `- name: <name>` item in `text`. */
function lineOf(text: string, name: string): number {
  return text.split('\n').findIndex((l) => l.includes(`- name: ${name}`)) + 1;
}

describe('ion test --reporter github', () => {
  it('annotates the failing test at its file and line, after the spec report; exit 1', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'flows'));
    writeFiles(dir, { 'flows/b.ion.yaml': FILE });
    const io = fakeIO(dir);
    assert.equal(await main(['test', '--reporter', 'github'], io), 1, io.stderr);
    const lines = io.stdout.trimEnd().split('\n');
    const annotations = lines.filter((l) => l.startsWith('::'));
    const line = lineOf(FILE, '"fails, with: punctuation"');
    assert.ok(line > 1);
    assert.equal(annotations.length, 1, io.stdout);
    assert.match(annotations[0], new RegExp(`^::error file=flows/b\\.ion\\.yaml,line=${line},title=ion test%3A sample › fails%2C with%3A punctuation::output: output differs:%0A {2}at /b: expected 3, got 2$`));
    assert.ok(!annotations[0].slice(2).includes('\n'));
    // The human report comes first, with its closing count line.
    assert.ok(io.stdout.indexOf('1 passed, 1 failed') < io.stdout.indexOf('::error'));
  });

  it('prints no annotation when everything passes; exit 0', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'b.ion.yaml': FILE.replace('{ b: 3 }', '{ b: 2 }') });
    const io = fakeIO(dir);
    assert.equal(await main(['test', '--reporter', 'github'], io), 0, io.stderr);
    assert.doesNotMatch(io.stdout, /^::/m);
    assert.match(io.stdout, /2 passed, 0 failed\n$/);
  });

  it('escapes %, CR and LF in messages, and a file error is annotated at its line when it has one', () => {
    const out = renderGithub([
      { file: 'x.ion.yaml', integration: '', error: { code: 'invalid_file', message: 'line 3, column 1: bad 100%\r\nnext' }, tests: [] },
    ]);
    assert.match(out, /^::error file=x\.ion\.yaml,line=3,title=ion test%3A x\.ion\.yaml%3A invalid_file::line 3, column 1: bad 100%25%0D%0Anext$/m);
  });

  it('an unknown reporter is bad usage naming github among the choices', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'b.ion.yaml': FILE });
    const io = fakeIO(dir);
    assert.equal(await main(['test', '--reporter', 'tap'], io), 2);
    assert.match(io.stderr, /spec, json, junit or github/);
  });
});
