/**
 * `ion import openapi` and `ion import postman` through the built CLI (dist/cli.js): listing,
 * writing, refusing to overwrite, exit codes, the notes and secrets on stderr, no credential in
 * any file written, no network for an http `$ref`, and the imported files validate and their
 * documented-example test passes (`ion validate`, `ion test`).
 */
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');
const CLI = join(ROOT, 'dist/cli.js');
const FIX = join(ROOT, 'test/fixtures');

function ion(args: string[], cwd = ROOT): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, ['--', CLI, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function ionAsync(args: string[], cwd = ROOT): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((done) => {
    const p = spawn(process.execPath, ['--', CLI, ...args], { cwd, env: { PATH: process.env.PATH } });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('close', (code) => done({ code, out, err }));
  });
}

describe('ion import (built CLI)', function () {
  this.timeout(60_000);
  before(function () {
    if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  });

  it('openapi without --operation lists ID  METHOD PATH a line', () => {
    const r = ion(['import', 'openapi', join(FIX, 'openapi/swagger-petstore-3.0.yaml')]);
    assert.equal(r.code, 0, r.err);
    const lines = r.out.trimEnd().split('\n');
    assert.equal(lines.length, 19);
    assert.match(lines[4], /^getPetById +GET +\/pet\/\{petId\}$/);
    assert.match(r.err, /^19 operations; import one with --operation ID$/m);
  });

  it('openapi --operation writes a file that validates and whose documented-example test passes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ion-import-'));
    const r = ion(['import', 'openapi', join(FIX, 'openapi/oai-v3.0-api-with-examples.yaml'), '--operation', 'getVersionDetailsv2', '--out', 'versions.ion.yaml'], dir);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /wrote versions\.ion\.yaml/);
    assert.match(r.err, /^note: the server URL is not given: set `baseUrl` in `environments`/m);
    const v = ion(['validate', 'versions.ion.yaml'], dir);
    assert.equal(v.code, 0, v.out + v.err);
    assert.match(v.err, /^0 errors, 0 warnings in 1 file/m);
    const t = ion(['test', 'versions.ion.yaml'], dir);
    assert.equal(t.code, 0, t.out + t.err);
    assert.match(t.out, /documented example/);
    // Never over an existing file.
    const again = ion(['import', 'openapi', join(FIX, 'openapi/oai-v3.0-api-with-examples.yaml'), '--operation', 'getVersionDetailsv2', '--out', 'versions.ion.yaml'], dir);
    assert.equal(again.code, 2);
    assert.match(again.err, /versions\.ion\.yaml already exists/);
  });

  it("an operation of GitHub's description: the test from its documented example passes against its 200 schema", () => {
    const dir = mkdtempSync(join(tmpdir(), 'ion-import-'));
    const r = ion(['import', 'openapi', join(FIX, 'openapi/github-slice.json'), '--operation', 'repos/list-releases', '--out', 'releases.ion.yaml'], dir);
    assert.equal(r.code, 0, r.err);
    const text = readFileSync(join(dir, 'releases.ion.yaml'), 'utf8');
    assert.match(text, /^ {2}url: "\{\{ vars\.baseUrl \}\}\/repos\/\{\{ input\.owner \}\}\/\{\{ input\.repo \}\}\/releases"$/m);
    assert.match(text, /^ {4}- https:\/\/docs\.github\.com\/rest\/releases\/releases#list-releases$/m);
    const t = ion(['test', 'releases.ion.yaml'], dir);
    assert.equal(t.code, 0, t.out + t.err);
    assert.match(t.out, /^1 passed, 0 failed$/m);
  });

  it('openapi --operation without --out prints the file; an unknown operation or file is bad usage', () => {
    const ok = ion(['import', 'openapi', join(FIX, 'openapi/petstore-separate/spec/swagger.yaml'), '--operation', 'findPets']);
    assert.equal(ok.code, 0, ok.err);
    assert.match(ok.out, /^name: find-pets$/m);
    const unknown = ion(['import', 'openapi', join(FIX, 'openapi/petstore-separate/spec/swagger.yaml'), '--operation', 'nope']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /no operation `nope`/);
    const missing = ion(['import', 'openapi', 'missing.yaml']);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /cannot read missing\.yaml/);
    const kind = ion(['import', 'wsdl', 'x']);
    assert.equal(kind.code, 2);
  });

  // The parser's own http resolver refuses loopback URLs by default (`safeUrlResolver`); the import
  // turns http resolution off altogether (`resolve.http: false`). Seen failing with the resolver on
  // and `safeUrlResolver: false`.
  it('an http $ref is never fetched', async () => {
    let hits = 0;
    const server = createServer((_req, res) => {
      hits++;
      res.end('type: object');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as AddressInfo).port;
      const dir = mkdtempSync(join(tmpdir(), 'ion-import-'));
      writeFileSync(join(dir, 'remote.yaml'), `openapi: 3.0.3\ninfo: { title: Remote, version: '1' }\nservers: [{ url: 'https://api.remote.example' }]\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: { $ref: 'http://127.0.0.1:${port}/schema.yaml' }\n`);
      const r = await ionAsync(['import', 'openapi', 'remote.yaml', '--operation', 'getA'], dir);
      assert.equal(hits, 0, 'no request to the http $ref');
      assert.equal(r.code, 2, r.out + r.err);
      assert.match(r.err, /cannot be read as OpenAPI/);
    } finally {
      server.close();
    }
  });

  it('postman writes one file per request, never a credential, and prints the notes and secrets to stderr', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ion-import-'));
    const r = ion(['import', 'postman', join(FIX, 'postman/acme-shop.postman_collection.json'), '--out', 'acme', '--environment', join(FIX, 'postman/acme-staging.postman_environment.json'), '--globals', join(FIX, 'postman/globals.postman_globals.json')], dir);
    assert.equal(r.code, 0, r.err);
    const files = readdirSync(join(dir, 'acme')).sort();
    assert.equal(files.length, 17);
    assert.deepEqual(r.out.trimEnd().split('\n').sort(), files.map((f) => join('acme', f)));
    assert.match(r.err, /^note: Auth types \/ Hawk: auth `hawk` is not expressible/m);
    assert.match(r.err, /^secrets to set: .*acme_shop_api_accesstoken/m);
    assert.match(r.err, /^17 files written; no credential was copied into them$/m);
    for (const f of files) assert.equal(readFileSync(join(dir, 'acme', f), 'utf8').match(/cred-[a-z-]+-\d{4}|AKIAEXAMPLECRED0012/), null, f);
    assert.equal(r.err.match(/cred-[a-z-]+-\d{4}/), null, 'no credential on stderr');
    const v = ion(['validate', ...files.map((f) => join('acme', f))], dir);
    assert.equal(v.code, 0, v.out + v.err);
    assert.match(v.err, /^0 errors, 0 warnings in 17 files/m);
    // A second import into the same folder writes nothing.
    const again = ion(['import', 'postman', join(FIX, 'postman/acme-shop.postman_collection.json'), '--out', 'acme'], dir);
    assert.equal(again.code, 2);
    assert.match(again.err, /already exists: nothing written/);
  });
});
