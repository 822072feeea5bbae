import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import type { CliIO } from '../../../src/cli/io';

interface Run {
  code: number;
  out: string;
  err: string;
}

async function ion(cwd: string, ...argv: string[]): Promise<Run> {
  let out = '';
  let err = '';
  const io: CliIO = { out: (s) => void (out += s), err: (s) => void (err += s), cwd, env: {}, isTTY: false };
  const code = await main(['validate', ...argv], io);
  return { code, out, err };
}

const GOOD = 'version: 1\nname: good\nrequest:\n  url: https://api.example.com/items\n';
const WARN = 'version: 1\nname: warn\nrequest:\n  url: "https://api.example.com/{{ input.id }}"\n';
const BAD = 'version: 1\nname: bad\nrequest:\n  url: https://api.example.com/items\nretyr: { maxAttempts: 3 }\n';
const SYNTAX = 'version: 1\nname: s\nrequest: [\n';

describe('ion validate (in-process)', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ion-validate-'));
    writeFileSync(join(dir, 'good.ion.yaml'), GOOD);
    writeFileSync(join(dir, 'warn.ion.yaml'), WARN);
    writeFileSync(join(dir, 'bad.ion.yaml'), BAD);
    writeFileSync(join(dir, 'syntax.ion.yaml'), SYNTAX);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 0 and prints nothing on stdout for a clean file', async () => {
    const r = await ion(dir, 'good.ion.yaml');
    assert.equal(r.code, 0);
    assert.equal(r.out, '');
    assert.equal(r.err, '0 errors, 0 warnings in 1 file\n');
  });

  it('exits 0 with warnings, printed as FILE:LINE:COL severity code message', async () => {
    const r = await ion(dir, 'warn.ion.yaml');
    assert.equal(r.code, 0);
    assert.match(r.out, /^warn\.ion\.yaml:4:36 warning unknown_input `input\.id` is not given/);
  });

  it('exits 1 on an error, with FILE as given on the command line and 1-based positions', async () => {
    const r = await ion(dir, './bad.ion.yaml');
    assert.equal(r.code, 1);
    assert.equal(r.out, './bad.ion.yaml:5:1 error unknown_key unknown key `retyr`: did you mean `retry`?\n');
    assert.equal(r.err, '1 error, 0 warnings in 1 file\n');
  });

  it('exits 1 on a YAML syntax error', async () => {
    const r = await ion(dir, 'syntax.ion.yaml');
    assert.equal(r.code, 1);
    assert.match(r.out, /^syntax\.ion\.yaml:\d+:\d+ error yaml_syntax /);
  });

  it('prints one JSON array with --json, and keeps the summary off stdout', async () => {
    const r = await ion(dir, '--json', 'good.ion.yaml', 'bad.ion.yaml', 'warn.ion.yaml');
    assert.equal(r.code, 1);
    const list = JSON.parse(r.out);
    assert.deepEqual(list[0], {
      file: 'bad.ion.yaml',
      line: 5,
      column: 1,
      endLine: 5,
      endColumn: 6,
      severity: 'error',
      code: 'unknown_key',
      message: 'unknown key `retyr`: did you mean `retry`?',
    });
    assert.equal(list.length, 2);
    assert.equal(list[1].severity, 'warning');
    assert.equal(r.err, '1 error, 1 warning in 3 files\n');
  });

  it('prints an empty array for clean files with --json', async () => {
    const r = await ion(dir, 'good.ion.yaml', '--json');
    assert.equal(r.code, 0);
    assert.deepEqual(JSON.parse(r.out), []);
  });

  it('reports an unreadable file on stderr, checks the others, and exits 2', async () => {
    const r = await ion(dir, 'missing.ion.yaml', 'bad.ion.yaml');
    assert.equal(r.code, 2);
    assert.match(r.err, /^missing\.ion\.yaml: cannot read: ENOENT\n/);
    assert.match(r.out, /^bad\.ion\.yaml:5:1 error unknown_key/);
    const j = await ion(dir, '--json', 'missing.ion.yaml');
    assert.equal(j.code, 2);
    assert.deepEqual(JSON.parse(j.out), []);
  });

  it('exits 2 on bad usage: no files, an unknown flag', async () => {
    const none = await ion(dir);
    assert.equal(none.code, 2);
    assert.match(none.err, /needs at least one FILE/);
    const flag = await ion(dir, '--jsn', 'good.ion.yaml');
    assert.equal(flag.code, 2);
    assert.match(flag.err, /unknown option --jsn/);
  });
});
