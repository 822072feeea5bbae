/** A response nested 100,000 levels deep: `ion run` and `--json` finish, bounded, with valid JSON. */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { stringifyJson } from '../../src/cli/render/json';
import { startServer, type TestServer } from '../helpers/server';
import { fakeIO } from './masking-forms';
import { loadTsxEsm } from '../helpers/cli-io';

const DEPTH = 100_000;

describe('security: deep nesting', function () {
  this.timeout(60_000);
  before(loadTsxEsm);
  let server: TestServer;
  let dir: string;
  before(async () => {
    const body = `${'{"a":['.repeat(DEPTH)}"Sk7qdeepsecret"${']}'.repeat(DEPTH)}`;
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(body);
    });
    dir = mkdtempSync(join(tmpdir(), 'ion-deep-'));
    writeFileSync(join(dir, 'd.ion.yaml'), `version: 1\nname: d\nrequest:\n  url: "${server.origin}/x"\n  headers: { X-K: "{{ secret.k }}" }\n`);
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const json of [true, false]) {
    it(`ion run${json ? ' --json' : ''} on a ${DEPTH}-level response: no crash, bounded output, the secret masked`, async () => {
      const io = fakeIO(dir, { ION_SECRET_K: 'Sk7qdeepsecret' });
      const code = await main(['run', 'd.ion.yaml', ...(json ? ['--json'] : [])], io);
      assert.equal(code, 0, io.stdout.slice(0, 500) + io.stderr);
      assert.doesNotMatch(io.stdout + io.stderr, /internal error|Maximum call stack/);
      assert.ok(io.stdout.length < 1_000_000, `output is ${io.stdout.length} characters`);
      assert.match(io.stdout, /nests deeper than 200 levels/);
      assert.doesNotMatch(io.stdout, /Sk7qdeepsecret/);
      if (json) JSON.parse(io.stdout);
    });
  }

  it('the JSON printer is iterative and stops indenting past a depth (valid JSON, no megabytes of spaces)', () => {
    let v: unknown = 'leaf';
    for (let i = 0; i < DEPTH; i++) v = [v];
    const text = stringifyJson(v);
    assert.ok(text.length < 3 * DEPTH, `${text.length} characters`);
    JSON.parse(text);
    assert.equal(text.replace(/\s/g, '').length, 2 * DEPTH + 6);
    const shallow = { a: [1, { b: 'x' }], c: null };
    assert.equal(stringifyJson(shallow), JSON.stringify(shallow, null, 2));
  });
});
