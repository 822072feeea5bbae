import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runYaml } from '../../helpers/engine';
import { json, startServer, type TestServer } from '../../helpers/server';

describe('request.graphql', () => {
  let server: TestServer;
  afterEach(async () => server?.close());

  const file = (url: string, extra = '', validate = '') => `version: 1
name: gql
request:
  url: "${url}"
  graphql:
    query: |
      query User($login: String!) { user(login: $login) { id name } }
    variables: { login: "{{ input.login }}", limit: 3 }
    operationName: User
${extra}${validate}`;

  it('is sent as a JSON POST { query, variables, operationName }', async () => {
    server = await startServer((req, res) => json(res, 200, { data: { user: { id: 1, name: 'Octo' } } }));
    const { result } = await runYaml(file(`${server.origin}/graphql`), { input: { login: 'octo' } });
    assert.equal(result.ok, true, JSON.stringify(result.errors));
    const sent = server.requests[0];
    assert.equal(sent.method, 'POST');
    assert.equal(sent.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(sent.body), {
      query: 'query User($login: String!) { user(login: $login) { id name } }\n',
      variables: { login: 'octo', limit: 3 },
      operationName: 'User',
    });
    assert.deepEqual(result.output, { data: { user: { id: 1, name: 'Octo' } } });
  });

  it('a 200 with errors fails as validation_failed, listing each message and path', async () => {
    server = await startServer((req, res) =>
      json(res, 200, {
        data: { user: null },
        errors: [
          { message: 'Could not resolve to a User with the login of \'nobody\'.', path: ['user'] },
          { message: 'Field "age" is not defined', path: ['user', 'friends', 0, 'age'] },
        ],
      }),
    );
    const { result } = await runYaml(file(`${server.origin}/graphql`), { input: { login: 'nobody' } });
    assert.equal(result.ok, false);
    assert.equal(result.errors[0].code, 'validation_failed');
    assert.match(result.errors[0].message, /2 errors: Could not resolve to a User with the login of 'nobody'\. \(at user\); Field "age" is not defined \(at user\.friends\.0\.age\)/);
    assert.deepEqual(result.validation.map((v) => v.path), ['/data/user', '/data/user/friends/0/age']);
  });

  it('validate.allowGraphqlErrors: true keeps partial data a success', async () => {
    server = await startServer((req, res) => json(res, 200, { data: { user: { id: 1 } }, errors: [{ message: 'partial', path: ['user', 'name'] }] }));
    const { result } = await runYaml(file(`${server.origin}/graphql`, '', 'validate:\n  allowGraphqlErrors: true\n'), { input: { login: 'x' } });
    assert.equal(result.ok, true);
  });

  it('the method given is used; the query may come from a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ion-gql-'));
    try {
      writeFileSync(join(dir, 'viewer.graphql'), '{ viewer { id } }');
      server = await startServer((req, res) => json(res, 200, { data: { viewer: { id: 7 } } }));
      const yaml = `version: 1\nname: gql\nrequest:\n  method: PUT\n  url: "${server.origin}/graphql"\n  graphql:\n    query: { file: viewer.graphql }\n`;
      const { result } = await runYaml(yaml, { file: join(dir, 'viewer.ion.yaml') });
      assert.equal(result.ok, true, JSON.stringify(result.errors));
      assert.equal(server.requests[0].method, 'PUT');
      assert.deepEqual(JSON.parse(server.requests[0].body), { query: '{ viewer { id } }' });
      const missing = await runYaml(yaml.replace('viewer.graphql', 'nope.graphql'), { file: join(dir, 'viewer.ion.yaml') });
      assert.equal(missing.result.errors[0].code, 'invalid_file');
      assert.match(missing.result.errors[0].message, /request\.graphql\.query\.file \(ENOENT\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
