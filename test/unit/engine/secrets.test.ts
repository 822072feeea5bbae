import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { Masker } from '../../../src/core/secrets/mask';
import { originOf, sameOrigin, parseOriginList } from '../../../src/core/secrets/origins';
import { cliSecretSource } from '../../../src/cli/secrets';
import { json, startServer, type TestServer } from '../../helpers/server';
import { mapSecrets, runYaml } from '../../helpers/engine';
import { deliverOutputs } from '../../../src/core/output/deliver';

describe('secrets: origins', () => {
  it('compares scheme, host and port exactly, normalising default ports', () => {
    const api = 'https://api.x.com';
    for (const other of ['https://api.x.com.evil.com', 'https://api.x.com@evil.com', 'http://api.x.com', 'https://api.x.com:8443', 'https://evil.com/https://api.x.com']) {
      assert.equal(sameOrigin(api, other), false, other);
    }
    assert.equal(sameOrigin(api, 'https://API.x.com:443/path?q'), true);
    assert.equal(originOf('http://h:80/'), 'http://h');
    assert.deepEqual(parseOriginList('https://a.com, http://b:8080/x  nonsense'), ['https://a.com', 'http://b:8080']);
  });

  it('the CLI source reads ION_SECRET_*, per environment first, and *_ORIGINS', async () => {
    const s = cliSecretSource({
      ION_SECRET_GITHUB_TOKEN: 'plain',
      ION_SECRET_GITHUB_TOKEN__ACME: 'acme',
      ION_SECRET_GITHUB_TOKEN_ORIGINS: 'https://api.github.com',
    });
    assert.equal(await s.get('github-token'), 'plain');
    assert.equal(await s.get('github-token', 'acme'), 'acme');
    assert.equal(await s.get('github-token', 'dev'), 'plain');
    assert.equal(await s.get('other'), undefined);
    assert.equal(await s.allowOrigin('github-token', 'https://api.github.com'), true);
    assert.equal(await s.allowOrigin('github-token', 'https://api.github.com.evil.com'), false);
    assert.equal(await s.allowOrigin('other', 'https://anything'), true);
  });
});

describe('secrets: masking', () => {
  it('masks the value, its base64, URL-encoded forms and base64 of user:password', () => {
    const m = new Masker();
    m.add('p@ss w/rd+=');
    m.addBasic('ann', 'p@ss w/rd+=');
    const forms = ['p@ss w/rd+=', Buffer.from('p@ss w/rd+=').toString('base64'), encodeURIComponent('p@ss w/rd+='), 'p%40ss+w%2Frd%2B%3D', Buffer.from('ann:p@ss w/rd+=').toString('base64')];
    for (const f of forms) assert.equal(m.mask(`x ${f} y`), 'x *** y', f);
  });
});

describe('secrets: in a run', () => {
  let server: TestServer;
  let idp: TestServer;
  afterEach(async () => Promise.all([server?.close(), idp?.close()]));

  it('a missing secret fails with secret_missing before anything is sent', async () => {
    server = await startServer((r, res) => json(res, 200, {}));
    const { result } = await runYaml(`version: 1
name: s
request:
  url: "${server.origin}/x"
  headers:
    Authorization: "Bearer {{ secret.nope }}"
`);
    assert.equal(result.errors[0].code, 'secret_missing');
    assert.deepEqual(result.errors[0].range, { line: 6, column: 28 });
    assert.equal(server.requests.length, 0);
  });

  it('a bound secret is refused for another origin (secret_blocked), nothing sent; tokenUrl counts', async () => {
    server = await startServer((r, res) => json(res, 200, {}));
    idp = await startServer((r, res) => json(res, 200, { access_token: 'x', expires_in: 60 }));
    const bound = mapSecrets({ tok: 'abc-123-xyz', cs: 'cs-value-1' }, { tok: ['https://api.example.com'], cs: [server.origin] });
    const one = await runYaml(`version: 1
name: s
auth: { type: bearer, token: "{{ secret.tok }}" }
request: { url: "${server.origin}/x" }
`, { secrets: bound });
    assert.equal(one.result.errors[0].code, 'secret_blocked');
    assert.equal(server.requests.length, 0);

    const two = await runYaml(`version: 1
name: s
auth: { type: oauth2, grant: client_credentials, tokenUrl: "${idp.origin}/t", clientId: a, clientSecret: "{{ secret.cs }}" }
request: { url: "${server.origin}/x" }
`, { secrets: bound });
    assert.equal(two.result.errors[0].code, 'secret_blocked');
    assert.match(two.result.errors[0].message, new RegExp(idp.origin.replace(/[.]/g, '\\.')));
    assert.equal(idp.requests.length + server.requests.length, 0);
    assert.ok(bound.asked.includes(`cs ${idp.origin}`));
  });

  it('asks allowOrigin exactly once per (secret, origin) in a run', async () => {
    server = await startServer((r, res) => json(res, 200, {}));
    const secrets = mapSecrets({ tok: 'abc-123-xyz' }, { tok: [server.origin] });
    const { result } = await runYaml(`version: 1
name: s
auth: { type: bearer, token: "{{ secret.tok }}" }
request: { url: "${server.origin}/x" }
`, { secrets });
    assert.equal(result.ok, true, JSON.stringify(result.errors));
    assert.equal(server.requests.length, 1);
    assert.deepEqual(secrets.asked, [`tok ${server.origin}`]);
  });

  it('a secret in output.to bound to another origin is refused before the API is called', async () => {
    server = await startServer((r, res) => json(res, 200, { id: 1 }));
    idp = await startServer((r, res) => { res.writeHead(204); res.end(); });
    const secrets = mapSecrets({ hook: 'hook-SECRET-path' }, { hook: ['https://hooks.example.com'] });
    const { result } = await runYaml(`version: 1
name: s
request: { url: "${server.origin}/x" }
output:
  to:
    - { type: file, path: out/x.jsonl }
    - { type: http, url: "${idp.origin}/h/{{ secret.hook }}" }
`, { secrets, hooks: { deliverOutputs } });
    assert.equal(result.errors[0]?.code, 'secret_blocked', JSON.stringify(result.errors));
    assert.match(result.errors[0].message, new RegExp(idp.origin.replace(/[.]/g, '\\.')));
    assert.deepEqual(result.errors[0].range, { line: 7, column: 7 }, 'at the target');
    assert.equal(server.requests.length, 0, 'nothing sent to the API');
    assert.equal(idp.requests.length, 0, 'nothing sent to the output');
    assert.ok(!JSON.stringify(result).includes('hook-SECRET-path'));
  });

  it('a bound secret allowed for its origin is sent', async () => {
    server = await startServer((r, res) => json(res, 200, {}));
    const { result } = await runYaml(`version: 1
name: s
auth: { type: bearer, token: "{{ secret.tok }}" }
request: { url: "${server.origin}/x" }
`, { secrets: mapSecrets({ tok: 'abc-123-xyz' }, { tok: [server.origin] }) });
    assert.equal(result.ok, true);
  });

  it('property: no form of a secret appears in anything the engine reports', async function () {
    this.timeout(60_000);
    // The server echoes everything it received (headers, query, body) and adds the secret to its error message.
    server = await startServer((req, res) => {
      const payload = { headers: req.headers, url: req.url, body: req.body, error: { message: `bad key ${String(req.headers['x-key'])}` } };
      const status = req.url.includes('fail') ? 401 : 200;
      json(res, status, payload, { 'x-echo': encodeURIComponent(String(req.headers['x-key'])), 'www-authenticate': `Basic realm="${String(req.headers['x-key'])}"` });
    });
    const secretArb = fc.string({ minLength: 6, maxLength: 24, unit: fc.constantFrom(...'abcXYZ019+/=&% ?#"\\é€😀_-.~'.split(/(?:)/u)) }).filter((s) => s.trim() === s);
    await fc.assert(
      fc.asyncProperty(secretArb, secretArb, fc.boolean(), async (key, pass, fail) => {
        const yaml = `version: 1
name: p
auth: { type: basic, username: ann, password: "{{ secret.pass }}" }
request:
  method: POST
  url: "${server.origin}/${fail ? 'fail' : 'ok'}/{{ secret.key }}"
  headers: { X-Key: "{{ secret.key }}" }
  query: { k: "{{ secret.key }}" }
  body: { k: "{{ secret.key }}", p: "{{ secret.pass }}" }
validate:
  response: { type: object, required: [nothing], properties: { body: { type: integer } } }
`;
        const events: unknown[] = [];
        const { result } = await runYaml(yaml, { secrets: mapSecrets({ key, pass }), onEvent: (e) => events.push(e) });
        const text = JSON.stringify(result) + JSON.stringify(events);
        const forms = (v: string) => [
          v,
          Buffer.from(v).toString('base64'),
          encodeURIComponent(v),
          new URLSearchParams({ v }).toString().slice(2),
          JSON.stringify(v).slice(1, -1),
        ];
        for (const f of [...forms(key), ...forms(pass), Buffer.from(`ann:${pass}`).toString('base64')]) {
          if (text.includes(f)) throw new Error(`leaked a form of a secret: ${JSON.stringify(f)} in ${text.slice(0, 300)}`);
        }
        assert.equal(result.ok, false);
      }),
      { numRuns: 40 },
    );
  });
});
