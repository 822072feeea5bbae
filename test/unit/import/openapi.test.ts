/**
 * OpenAPI import over every operation of real published descriptions (test/fixtures/openapi,
 * see its README): each file validates with no errors, auth is mapped with secret references,
 * `validate.response` comes from the 2xx schema, a documented example becomes a passing test.
 */
import { strict as assert } from 'node:assert';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { integrationFromOperation, listOperations, loadOpenApi, operationStem } from '../../../src/core/import';
import { validateText } from '../../../src/cli/commands/validate';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const DIR = join(__dirname, '../../fixtures/openapi');
const SPECS = [...readdirSync(DIR).filter((f) => /\.(ya?ml|json)$/.test(f)), 'petstore-separate/spec/swagger.yaml'];

function errorsOf(name: string, yaml: string): string[] {
  return validateText(name, yaml)
    .filter((d) => d.severity === 'error' || d.severity === 'warning')
    .map((d) => `${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}`);
}

describe('OpenAPI import over real published descriptions', function () {
  // GitHub's slice: 29 operations with large schemas, each validated twice.
  this.timeout(120_000);
  let total = 0;
  for (const spec of SPECS) {
    it(`every operation of ${spec} imports to a file with no errors or warnings`, async () => {
      const api = await loadOpenApi(join(DIR, spec), { root: DIR });
      const ops = listOperations(api);
      assert.ok(ops.length > 0, 'operations listed');
      for (const op of ops) {
        const r = integrationFromOperation(api, op.id);
        assert.deepEqual(errorsOf(`${spec} ${op.id}`, r.yaml), [], `${spec} ${op.id}:\n${r.yaml}`);
        const file = parse(r.yaml) as Json;
        assert.equal(file.request.method, op.method);
        assert.ok(String(file.request.url).startsWith('{{ vars.baseUrl }}'));
        for (const m of op.path.matchAll(/\{([^}]+)\}/g)) assert.ok(String(file.request.url).includes(`{{ input.${m[1].replace(/[^A-Za-z0-9_-]/g, '_')} }}`), `path parameter ${m[1]}`);
        assert.equal(file.name, operationStem(op.id));
        total++;
      }
    });
  }
  after(() => assert.ok(total >= 70, `${total} operations imported`));

  it('maps the security schemes of the Swagger Petstore 3.0 (api_key header, OAuth2 implicit as bearer with a note)', async () => {
    const api = await loadOpenApi(join(DIR, 'swagger-petstore-3.0.yaml'));
    const byKey = parse(integrationFromOperation(api, 'getInventory').yaml) as Json;
    assert.deepEqual(byKey.auth, { type: 'apiKey', in: 'header', name: 'api_key', value: '{{ secret.swagger_petstore_api_key }}' });
    const implicit = integrationFromOperation(api, 'addPet');
    const file = parse(implicit.yaml) as Json;
    assert.deepEqual(file.auth, { type: 'bearer', token: '{{ secret.swagger_petstore_petstore_auth_access_token }}' });
    assert.match(file.docs.notes, /OAuth2 \(implicit, scheme `petstore_auth`\)/);
    assert.ok(implicit.warnings.some((w) => /implicit/.test(w)));
    // validate.response from the 200 schema with its $refs resolved.
    assert.deepEqual(file.validate.status, [200]);
    assert.deepEqual(file.validate.response.required, ['name', 'photoUrls']);
    assert.equal(file.validate.response.properties.category.type, 'object');
    assert.ok(!JSON.stringify(file.validate.response).includes('"xml"'), 'OpenAPI-only keywords trimmed');
    // docs.apiDocs from the operation's externalDocs or the description's.
    assert.ok(Array.isArray(file.docs.apiDocs) && file.docs.apiDocs.every((u: string) => /^https?:\/\//.test(u)));
  });

  it('no security requirement: `auth: none` when the description has schemes, a note when it has none', async () => {
    const petstore = await loadOpenApi(join(DIR, 'swagger-petstore-3.0.yaml'));
    assert.deepEqual((parse(integrationFromOperation(petstore, 'placeOrder').yaml) as Json).auth, { type: 'none' });
    const github = await loadOpenApi(join(DIR, 'github-slice.json'));
    const meta = parse(integrationFromOperation(github, 'meta/get').yaml) as Json;
    assert.equal(meta.auth, undefined);
    assert.match(meta.docs.notes, /declares no authentication/);
  });

  it('Swagger 2.0 with external files: refs resolved relative to the description', async () => {
    const api = await loadOpenApi(join(DIR, 'petstore-separate/spec/swagger.yaml'), { root: DIR });
    const file = parse(integrationFromOperation(api, 'findPets').yaml) as Json;
    assert.equal(file.environments.production.baseUrl, 'http://petstore.swagger.io/api');
    assert.equal(file.validate.response.type, 'array');
    assert.deepEqual(file.validate.response.items.required.sort(), ['id', 'name']);
  });

  it('a documented response example becomes a test that matches the schema', async () => {
    const api = await loadOpenApi(join(DIR, 'oai-v3.0-api-with-examples.yaml'));
    const file = parse(integrationFromOperation(api, 'listVersionsv2').yaml) as Json;
    assert.equal(file.tests.length, 1);
    assert.equal(file.tests[0].response.status, 200);
    assert.equal(file.tests[0].response.body.versions[0].id, 'v2.0');
  });

  it('required query parameters and path parameters become inputs declared in trigger.input', async () => {
    const api = await loadOpenApi(join(DIR, 'oai-v2.0-yaml-uber.yaml'));
    const file = parse(integrationFromOperation(api, 'get_/products').yaml) as Json;
    assert.deepEqual(file.request.query, { latitude: '{{ input.latitude }}', longitude: '{{ input.longitude }}' });
    assert.deepEqual(Object.keys(file.trigger.input), ['latitude', 'longitude']);
    assert.equal(file.environments.production.baseUrl, 'https://api.uber.com/v1');
  });
});

describe('OpenAPI import: every security scheme kind', () => {
  const api = (schemes: Record<string, unknown>, security: unknown[]) => ({
    openapi: '3.1.0',
    info: { title: 'Kinds', version: '1' },
    servers: [{ url: 'https://api.kinds.example/{v}', variables: { v: { default: 'v2' } } }],
    components: { securitySchemes: schemes },
    paths: { '/things/{id}': { get: { operationId: 'getThing', security, parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', nullable: true, properties: { n: { type: 'integer', exclusiveMinimum: true, minimum: 0 } }, discriminator: { propertyName: 'n' } } } } } } } } },
  });
  const cases: Array<[string, Record<string, unknown>, Record<string, unknown> | undefined]> = [
    ['apiKey header', { type: 'apiKey', in: 'header', name: 'X-Key' }, { type: 'apiKey', in: 'header', name: 'X-Key', value: '{{ secret.kinds_s }}' }],
    ['apiKey query', { type: 'apiKey', in: 'query', name: 'key' }, { type: 'apiKey', in: 'query', name: 'key', value: '{{ secret.kinds_s }}' }],
    ['apiKey cookie', { type: 'apiKey', in: 'cookie', name: 'sid' }, { type: 'headers', headers: { Cookie: 'sid={{ secret.kinds_s }}' } }],
    ['http bearer', { type: 'http', scheme: 'bearer' }, { type: 'bearer', token: '{{ secret.kinds_s_token }}' }],
    ['http basic', { type: 'http', scheme: 'basic' }, { type: 'basic', username: '{{ secret.kinds_s_username }}', password: '{{ secret.kinds_s_password }}' }],
    ['oauth2 client credentials', { type: 'oauth2', flows: { clientCredentials: { tokenUrl: '/oauth/token', scopes: { read: 'r' } } } }, { type: 'oauth2', grant: 'client_credentials', tokenUrl: 'https://api.kinds.example/oauth/token', clientId: '{{ secret.kinds_s_client_id }}', clientSecret: '{{ secret.kinds_s_client_secret }}', scopes: ['read'] }],
    ['openIdConnect', { type: 'openIdConnect', openIdConnectUrl: 'https://id.kinds.example/.well-known/openid-configuration' }, { type: 'bearer', token: '{{ secret.kinds_s_access_token }}' }],
    ['http digest (not expressible)', { type: 'http', scheme: 'digest' }, undefined],
  ];
  for (const [label, scheme, expected] of cases) {
    it(`${label}`, () => {
      const r = integrationFromOperation(api({ s: scheme }, [{ s: ['read'] }]), 'getThing');
      const file = parse(r.yaml) as Json;
      assert.deepEqual(file.auth, expected);
      assert.deepEqual(errorsOf(label, r.yaml), []);
      if (!expected || label === 'openIdConnect') assert.ok(file.docs.notes.length > 0);
      assert.equal(file.environments.production.baseUrl, 'https://api.kinds.example/v2');
      assert.deepEqual(file.validate.response, { type: ['object', 'null'], properties: { n: { type: 'integer', exclusiveMinimum: 0 } } });
    });
  }
  it('oauth2 authorization code: grant authorization_code with the authorization URL and a refresh token secret', () => {
    const r = integrationFromOperation(api({ s: { type: 'oauth2', flows: { authorizationCode: { authorizationUrl: 'https://id.kinds.example/authorize', tokenUrl: 'https://id.kinds.example/token', scopes: {} } } } }, [{ s: [] }]), 'getThing');
    const file = parse(r.yaml) as Json;
    assert.deepEqual(file.auth, { type: 'oauth2', grant: 'authorization_code', authorizationUrl: 'https://id.kinds.example/authorize', tokenUrl: 'https://id.kinds.example/token', clientId: '{{ secret.kinds_s_client_id }}', clientSecret: '{{ secret.kinds_s_client_secret }}', refreshToken: '{{ secret.kinds_s_refresh_token }}' });
  });
  it('an operation without operationId gets METHOD_PATH as its id', () => {
    const doc = api({}, []);
    delete (doc.paths['/things/{id}'].get as Record<string, unknown>).operationId;
    assert.deepEqual(listOperations(doc).map((o) => o.id), ['get_/things/{id}']);
    assert.equal((parse(integrationFromOperation(doc, 'get_/things/{id}').yaml) as Json).name, 'get-things-id');
  });
});
