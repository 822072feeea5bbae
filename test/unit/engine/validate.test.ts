import { strict as assert } from 'node:assert';
import { patternProblem } from '../../../src/core/response-checks/safe-regex';
import { validateBody } from '../../../src/core/response-checks/body';
import { checkStatus } from '../../../src/core/response-checks/status';
import { json, startServer, type TestServer } from '../../helpers/server';
import { mapSecrets, runYaml } from '../../helpers/engine';

describe('validate: status and body', () => {
  it('status: any 2xx by default; a list names exactly the successes', () => {
    assert.deepEqual(checkStatus(204, undefined), { ok: true });
    assert.equal(checkStatus(404, [200, 404]).ok, true);
    const unlisted2xx = checkStatus(201, [200]);
    assert.equal(!unlisted2xx.ok && unlisted2xx.code, 'validation_failed');
    const unlisted404 = checkStatus(404, [200]);
    assert.equal(!unlisted404.ok && unlisted404.code, 'not_found');
  });

  it('names the field and gives the JSON pointer (the object, for a missing field)', () => {
    const schema = { type: 'object', required: ['id'], properties: { user: { type: 'object', required: ['login'], properties: { age: { type: 'integer' } } } } };
    const v = validateBody({ user: { age: 'x' } }, schema);
    assert.equal(v.ok, false);
    const issues = !v.ok ? v.issues : [];
    assert.ok(issues.some((i) => i.path === '' && /`id`/.test(i.message)), JSON.stringify(issues));
    assert.ok(issues.some((i) => i.path === '/user' && /`login`/.test(i.message)));
    assert.ok(issues.some((i) => i.path === '/user/age' && /`age` must be integer/.test(i.message)));
  });

  it('matches pathological patterns in linear time; refuses what the linear engine cannot express', () => {
    for (const p of ['(a)\\1', '(?=a)b', '(?<!a)b', '(?<n>a)\\k<n>']) assert.ok(patternProblem(p), p);
    for (const p of ['^[a-z]+$', '^(ab|cd)?x*$', '\\(a+\\)+', '(a+)+$', '^(\\d+)*x', '\\u00e9']) assert.equal(patternProblem(p), undefined, p);
    const v = validateBody({ s: 'a'.repeat(40) + '!' }, { properties: { s: { pattern: '^(a+)+$' } } });
    assert.equal(v.ok, false);
    assert.equal(v.ok ? '' : v.schemaError, undefined);
    const refused = validateBody({ s: 'aa' }, { properties: { s: { pattern: '(a)\\1' } } });
    assert.match(!refused.ok ? (refused.schemaError ?? '') : '', /back-references/);
  });
});

describe('validate: in a run', () => {
  let server: TestServer;
  afterEach(async () => server?.close());

  it('a listed 404 is a normal result; a body mismatch is validation_failed with issues', async () => {
    server = await startServer((req, res) => (req.url === '/missing' ? json(res, 404, { message: 'no such user' }) : json(res, 200, { user: {} })));
    const ok404 = await runYaml(`version: 1
name: v
request: { url: "${server.origin}/missing" }
validate: { status: [200, 404] }
`);
    assert.equal(ok404.result.ok, true);
    assert.deepEqual(ok404.result.output, { message: 'no such user' });

    const notFound = await runYaml(`version: 1
name: v
request: { url: "${server.origin}/missing" }
`);
    assert.equal(notFound.result.errors[0].code, 'not_found');
    assert.match(notFound.result.errors[0].hint, /no such user/);

    const bad = await runYaml(`version: 1
name: v
request: { url: "${server.origin}/ok" }
validate:
  response: { type: object, required: [id], properties: { user: { required: [login] } } }
`);
    assert.equal(bad.result.errors[0].code, 'validation_failed');
    assert.equal(bad.result.errors[0].range?.line, 5);
    assert.deepEqual(bad.result.validation.map((v) => v.path).sort(), ['', '/user']);
    assert.equal(bad.result.output, null);
  });

  it('output.schema failures are output_invalid; an invalid file is invalid_file at its range', async () => {
    server = await startServer((req, res) => json(res, 200, { a: 1 }));
    const out = await runYaml(`version: 1
name: v
request: { url: "${server.origin}/" }
output: { schema: { required: [b] } }
`);
    assert.equal(out.result.errors[0].code, 'output_invalid');
    const invalid = await runYaml('version: 1\nname: [unclosed\n');
    assert.equal(invalid.result.errors[0].code, 'invalid_file');
    assert.ok(invalid.result.errors[0].range);
    assert.equal(server.requests.length, 1);
  });

  it('an engine bug (not an IonError) says internal error, asks for a report, masked and without a stack', async () => {
    const secret = 'very-secret-value';
    server = await startServer((r, res) => json(res, 200, { a: 1 }));
    const { result } = await runYaml(`version: 1
name: v
request: { url: "${server.origin}/x", headers: { X-K: "{{ secret.k }}" } }
transform: "return input.json"
`, {
      secrets: mapSecrets({ k: secret }),
      hooks: { transform: async () => { throw new TypeError(`cannot read x of undefined near ${secret}`); } },
    });
    assert.equal(result.errors[0].code, 'network');
    assert.match(result.errors[0].message, /^internal error: cannot read x of undefined near \*\*\*$/);
    assert.match(result.errors[0].hint, /bug in Gateway Ion.*report/);
    assert.doesNotMatch(result.errors[0].hint, /proxy/);
    const text = JSON.stringify(result);
    assert.ok(!text.includes(secret));
    assert.ok(!text.includes('validate.test.ts'), 'no stack');
  });

  it('an unexpected error inside the transport is reported masked, never thrown', async () => {
    const secret = 'very-secret-value';
    const { result } = await runYaml(`version: 1
name: v
request: { url: "http://127.0.0.1:9/x", headers: { X-K: "{{ secret.k }}" } }
`, {
      secrets: mapSecrets({ k: secret }),
      transport: { dispatcherFor: () => { throw new Error(`exploded with ${secret}`); }, close: async () => undefined },
    });
    assert.equal(result.errors[0].code, 'network');
    assert.ok(!JSON.stringify(result).includes(secret));
    assert.match(result.errors[0].message, /exploded with \*\*\*/);
  });
});
