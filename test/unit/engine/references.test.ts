import { strict as assert } from 'node:assert';
import { ResolveError, resolveDeep, resolveString, type ResolveContext } from '../../../src/core/references/resolve';
import { json, startServer } from '../../helpers/server';
import { mapSecrets, runYaml } from '../../helpers/engine';

const ctx = (over: Partial<ResolveContext> = {}): ResolveContext => ({
  input: { login: 'octo cat/1', n: 5, flags: { on: true } },
  vars: { baseUrl: 'https://api.example.com/v3', nested: { a: 'b' } },
  secrets: new Map([['tok', 's3cr3t']]),
  env: { ION_REGION: 'eu', AWS_SECRET: 'nope', ION_SECRET_X: 'no' },
  builtins: { uuid: '00000000-0000-4000-8000-000000000000', now: '2024-01-01T00:00:00.000Z', nowUnix: 1704067200 },
  ...over,
});

describe('references: resolution', () => {
  it('keeps the type of a whole-value reference and stringifies with text around', () => {
    assert.equal(resolveString('{{ input.n }}', [], ctx()).value, 5);
    assert.deepEqual(resolveString('{{input.flags}}', [], ctx()).value, { on: true });
    assert.equal(resolveString('n={{ input.n }}', [], ctx()).value, 'n=5');
    assert.equal(resolveString('{{ nowUnix }}', [], ctx()).value, 1704067200);
    assert.equal(resolveString('{{ vars.nested.a }}', [], ctx()).value, 'b');
  });

  it('URL-encodes references in the path and query but not the base URL', () => {
    const r = resolveString('{{ vars.baseUrl }}/users/{{ input.login }}?q={{ input.login }}', [], ctx(), 'url');
    assert.equal(r.value, 'https://api.example.com/v3/users/octo%20cat%2F1?q=octo%20cat%2F1');
  });

  it('writes a literal {{ for \\{{', () => {
    assert.equal(resolveString('a \\{{ b }} {{ input.n }}', [], ctx()).value, 'a {{ b }} 5');
  });

  it('reads only ION_* env names, never ION_SECRET_*', () => {
    assert.equal(resolveString('{{ env.ION_REGION }}', [], ctx()).value, 'eu');
    for (const bad of ['{{ env.AWS_SECRET }}', '{{ env.ION_SECRET_X }}']) {
      assert.throws(() => resolveString(bad, ['x'], ctx()), (e: ResolveError) => e.code === 'invalid_file');
    }
    assert.throws(() => resolveString('{{ env.ION_NOPE }}', [], ctx()), (e: ResolveError) => e.code === 'env_missing');
  });

  it('reports secrets used and fails on missing ones with their place', () => {
    const r = resolveDeep({ a: ['x {{ secret.tok }}'] }, ['request', 'body'], ctx());
    assert.deepEqual([...r.secrets], ['tok']);
    assert.throws(
      () => resolveString('pre {{ secret.other }}', ['request', 'url'], ctx()),
      (e: ResolveError) => e.code === 'secret_missing' && e.index === 4 && e.path.join('.') === 'request.url',
    );
  });

  it('does not pollute prototypes through __proto__ keys', () => {
    const r = resolveDeep(JSON.parse('{"__proto__": {"polluted": "{{ input.n }}"}}'), [], ctx()).value as Record<string, unknown>;
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.deepEqual(Object.getOwnPropertyDescriptor(r, '__proto__')?.value, { polluted: 5 });
  });
});

describe('references: in a run', () => {
  it('per-environment secrets win, JSON body keeps types, env_missing stops the run', async () => {
    const server = await startServer((req, res) => json(res, 200, { ok: true }));
    try {
      const yaml = `version: 1
name: t
environments:
  dev: { baseUrl: "${server.origin}" }
  acme: { baseUrl: "${server.origin}" }
request:
  method: POST
  url: "{{ vars.baseUrl }}/items/{{ input.id }}"
  headers: { X-Token: "{{ secret.tok }}" }
  body: { count: "{{ input.n }}", label: "n={{ input.n }}", id: "{{ uuid }}" }
`;
      const { result } = await runYaml(yaml, {
        environment: 'acme',
        input: { id: 'a b', n: 3 },
        secrets: mapSecrets({ tok: 'plain', 'tok@acme': 'acme-value' }),
      });
      assert.equal(result.ok, true, JSON.stringify(result.errors));
      const seen = server.requests[0];
      assert.equal(seen.url, '/items/a%20b');
      assert.equal(seen.headers['x-token'], 'acme-value');
      const body = JSON.parse(seen.body);
      assert.equal(body.count, 3);
      assert.equal(body.label, 'n=3');
      assert.match(body.id, /^[0-9a-f-]{36}$/);
      assert.equal(result.request?.headers['X-Token'], '***');

      const missing = await runYaml(yaml.replace('X-Token: "{{ secret.tok }}"', 'X-Region: "{{ env.ION_REGION }}"'), { input: { id: 1, n: 1 } });
      assert.equal(missing.result.errors[0].code, 'env_missing');
      assert.equal(missing.result.errors[0].range?.line, 9);
      assert.equal(server.requests.length, 1, 'nothing sent when env is missing');
    } finally {
      await server.close();
    }
  });
});
