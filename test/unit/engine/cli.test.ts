import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { shellQuote } from '../../../src/core/engine/curl';
import { json, startServer, type TestServer } from '../../helpers/server';
import { fakeIO, loadTsxEsm } from '../../helpers/cli-io';


describe('cli: ion run and ion curl', () => {
  before(loadTsxEsm);
  let server: TestServer;
  let dir: string;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ion-cli-'));
    server = await startServer((req, res) => (req.url.startsWith('/users/') ? json(res, 200, { id: 1, login: req.url.slice(7) }) : json(res, 404, { message: 'nope' })));
    writeFileSync(
      join(dir, 'gh.ion.yaml'),
      `version: 1
name: gh
defaultEnvironment: dev
trigger: { type: manual, input: { login: octocat } }
environments:
  dev: { baseUrl: "${server.origin}" }
auth: { type: bearer, token: "{{ secret.github_token }}" }
request:
  url: "{{ vars.baseUrl }}/users/{{ input.login }}"
  headers: { Accept: application/json }
`,
    );
  });
  afterEach(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const env = { ION_SECRET_GITHUB_TOKEN: 'ghp_secretvalue123' };

  it('exit 0 and the human summary on success', async () => {
    const io = fakeIO(dir, env);
    assert.equal(await main(['run', 'gh.ion.yaml'], io), 0, io.stderr + io.stdout);
    assert.match(io.stdout, /✓ gh \(dev\) 200/);
    assert.match(io.stdout, /"login": "octocat"/);
    assert.ok(!io.stdout.includes('ghp_secretvalue123'));
  });

  it('--json prints exactly one RunResult object', async () => {
    const io = fakeIO(dir, env);
    assert.equal(await main(['run', 'gh.ion.yaml', '--json', '--input', '{"login":"hubot"}', '--record', '--log', 'x.jsonl'], io), 0);
    const r = JSON.parse(io.stdout);
    assert.deepEqual(Object.keys(r), ['ok', 'name', 'file', 'environment', 'durationMs', 'request', 'attempts', 'response', 'output', 'logs', 'validation', 'errors']);
    assert.deepEqual(r.output, { id: 1, login: 'hubot' });
    assert.equal(r.request.headers.Authorization, 'Bearer ***');
  });

  it('exit 1 for a failed run, with the error and hint', async () => {
    const io = fakeIO(dir, env);
    assert.equal(await main(['run', 'gh.ion.yaml', '--var', `baseUrl=${server.origin}/nowhere`], io), 1);
    assert.match(io.stdout, /error not_found/);
    assert.match(io.stdout, /hint: .*nope/);
    const missing = fakeIO(dir);
    assert.equal(await main(['run', 'gh.ion.yaml'], missing), 1);
    assert.match(missing.stdout, /secret_missing/);
  });

  it('exit 2 for bad usage, unknown --env, unreadable and invalid files', async () => {
    writeFileSync(join(dir, 'bad.ion.yaml'), 'version: 1\nname: [x\n');
    const cases: string[][] = [['run'], ['run', 'gh.ion.yaml', '--env', 'prod'], ['run', 'nope.ion.yaml'], ['run', 'bad.ion.yaml'], ['run', 'gh.ion.yaml', '--input', '[1]'], ['run', 'gh.ion.yaml', '--bogus']];
    for (const argv of cases) {
      const io = fakeIO(dir, env);
      assert.equal(await main(argv, io), 2, argv.join(' '));
    }
    assert.equal(server.requests.length, 0);
  });

  it('--dry-run prints the masked request and sends nothing', async () => {
    const io = fakeIO(dir, env);
    assert.equal(await main(['run', 'gh.ion.yaml', '--dry-run'], io), 0);
    assert.equal(server.requests.length, 0);
    assert.match(io.stdout, /GET http:\/\/127\.0\.0\.1:\d+\/users\/octocat/);
    assert.match(io.stdout, /Authorization: Bearer \*\*\*/);
    assert.ok(!io.stdout.includes('ghp_secretvalue123'));
  });

  it('ion curl prints a command with $ION_SECRET_* names', async () => {
    const io = fakeIO(dir, env);
    assert.equal(await main(['curl', 'gh.ion.yaml'], io), 0);
    assert.ok(io.stdout.includes(`curl ${server.origin}/users/octocat`), io.stdout);
    assert.ok(io.stdout.includes(`-H "Authorization: Bearer $ION_SECRET_GITHUB_TOKEN"`), io.stdout);
    assert.ok(!io.stdout.includes('ghp_secretvalue123'));
    writeFileSync(
      join(dir, 'basic.ion.yaml'),
      `version: 1\nname: b\nauth: { type: basic, username: "{{ secret.user }}", password: "{{ secret.pass }}" }\nrequest:\n  method: POST\n  url: "https://x.example/a b"\n  body: { q: "it's" }\n`,
    );
    const b = fakeIO(dir);
    assert.equal(await main(['curl', 'basic.ion.yaml'], b), 0);
    assert.ok(b.stdout.includes('-u "$ION_SECRET_USER:$ION_SECRET_PASS"'), b.stdout);
    assert.ok(b.stdout.includes(`--data-raw '{"q":"it'\\''s"}'`), b.stdout);
  });

  it('ion curl resolves tls.ca from the integration file\'s folder, not the current one', async () => {
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'tls.ion.yaml'), `version: 1\nname: t\nrequest:\n  url: "https://x.example/a"\n  tls: { ca: certs/ca.pem }\n`);
    const io = fakeIO(dir);
    assert.equal(await main(['curl', 'sub/tls.ion.yaml'], io), 0, io.stderr);
    assert.ok(io.stdout.includes(`--cacert ${shellQuote(join(dir, 'sub', 'certs', 'ca.pem'))}`), io.stdout);
  });
});
