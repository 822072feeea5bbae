import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { fakeIO, integration, tempDir, writeFiles } from './helpers';

const PASSING = integration(`request: { method: GET, url: "{{ vars.baseUrl }}/a" }
tests:
  - name: passes
    response: { status: 200, body: { a: 1 } }
    expect: { output: { a: 1 } }
  - name: live one
    live: true
    response: { status: 200 }
    expect: { ok: true }
`);

const FAILING = integration(`request: { method: GET, url: "{{ vars.baseUrl }}/b" }
tests:
  - name: fails <&> "quoted"
    response: { status: 200, body: { b: 2 } }
    expect: { output: { b: 3 } }
`).replace('name: sample', 'name: other');

/** A small well-formedness check: balanced tags, quoted attributes, only the five entities. */
function assertWellFormedXml(xml: string): void {
  assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n'));
  const body = xml.slice(xml.indexOf('?>') + 2);
  const stack: string[] = [];
  const re = /<(\/?)([A-Za-z][\w-]*)((?:\s+[\w-]+="[^"<]*")*)\s*(\/?)>|<|&(?!(?:amp|lt|gt|quot|apos);)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(body))) {
    if (m[0] === '<' || m[0].startsWith('&')) assert.fail(`stray ${m[0]} at ${m.index}: ${body.slice(m.index, m.index + 40)}`);
    const [, close, name, , selfClose] = m;
    if (close) assert.equal(stack.pop(), name, `closing </${name}>`);
    else if (!selfClose) stack.push(name);
  }
  assert.deepEqual(stack, [], 'every tag closed');
}

describe('ion test (CLI, in-process)', () => {
  it('spec reporter: passes, skips live tests, exit 0', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'a.ion.yaml': PASSING });
    const io = fakeIO(dir);
    assert.equal(await main(['test'], io), 0, io.stderr);
    assert.match(io.stdout, /a\.ion\.yaml {2}sample\n {2}✔ passes/);
    assert.match(io.stdout, /- live one \(skipped: live test: run with --live\)/);
    assert.match(io.stdout, /1 passed, 0 failed, 1 skipped\n$/);
  });

  it('finds *.ion.yaml and *.ion.yml under folders, never in node_modules; a failure exits 1', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'sub'));
    mkdirSync(join(dir, 'node_modules', 'pkg'), { recursive: true });
    writeFiles(dir, { 'a.ion.yaml': PASSING, 'sub/b.ion.yml': FAILING, 'node_modules/pkg/c.ion.yaml': 'broken: [' });
    const io = fakeIO(dir);
    assert.equal(await main(['test', '--reporter', 'json'], io), 1);
    const report = JSON.parse(io.stdout) as { passed: number; failed: number; skipped: number; files: { file: string }[] };
    assert.deepEqual(report.files.map((f) => f.file), ['a.ion.yaml', join('sub', 'b.ion.yml')]);
    assert.deepEqual([report.passed, report.failed, report.skipped], [1, 1, 1]);
  });

  it('junit reporter: well-formed XML on stdout with failures and skips', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'a.ion.yaml': PASSING, 'b.ion.yaml': FAILING, 'bad.ion.yaml': 'version: 1\nname: [\n' });
    const io = fakeIO(dir);
    assert.equal(await main(['test', '.', '--reporter=junit'], io), 1);
    assertWellFormedXml(io.stdout);
    assert.match(io.stdout, /<testsuites name="ion test" tests="4" failures="2" skipped="1"/);
    assert.match(io.stdout, /<testcase name="fails &lt;&amp;&gt; &quot;quoted&quot;"/);
    assert.match(io.stdout, /<failure type="invalid_file" message="line 3, column 1: [^"]*\(yaml_syntax\)"\/>/);
    assert.equal(io.stderr, '');
  });

  it('bad usage and unreadable paths exit 2', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'a.ion.yaml': PASSING });
    const cases: [string[], RegExp][] = [
      [['test', '--reporter', 'tap'], /--reporter must be spec, json, junit or github/],
      [['test', '--nope'], /unknown option --nope/],
      [['test', 'missing.ion.yaml'], /cannot read missing\.ion\.yaml: ENOENT/],
    ];
    for (const [argv, message] of cases) {
      const io = fakeIO(dir);
      assert.equal(await main(argv, io), 2, argv.join(' '));
      assert.match(io.stderr, message);
    }
    const empty = fakeIO(tempDir());
    assert.equal(await main(['test'], empty), 2);
    assert.match(empty.stderr, /no \*\.ion\.yaml files found/);
  });

  it('--live runs live tests with the CLI secret source', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.ion.yaml'), PASSING.replace(/live: true\n {4}response: \{ status: 200 \}\n {4}expect: \{ ok: true \}/, 'live: true\n    response: { status: 200 }\n    expect: { error: secret_missing }').replace('url: "{{ vars.baseUrl }}/a"', 'url: "{{ vars.baseUrl }}/a", headers: { X-K: "{{ secret.k }}" }'));
    const io = fakeIO(dir, {});
    assert.equal(await main(['test', '--live', '--reporter', 'json'], io), 0, io.stdout);
    const report = JSON.parse(io.stdout) as { files: { tests: { state: string; result: { errors: { code: string }[] } }[] }[] };
    const live = report.files[0].tests[1];
    assert.equal(live.state, 'passed');
    assert.equal(live.result.errors[0].code, 'secret_missing', 'ran for real: ION_SECRET_K is not set');
    assert.ok(readFileSync(join(dir, 'a.ion.yaml'), 'utf8').includes('live: true'));
  });
});
