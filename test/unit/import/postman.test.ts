/**
 * Postman import: a v2.1 collection with every auth type of the format, nested folders and the
 * three variable scopes (collection, environment file, globals). Every file validates with no
 * errors, and no credential value of the collection, environment or scripts is in any file.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { postmanToIntegrations } from '../../../src/core/import';
import { validateText } from '../../../src/cli/commands/validate';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const DIR = join(__dirname, '../../fixtures/postman');
const read = (f: string) => JSON.parse(readFileSync(join(DIR, f), 'utf8')) as unknown;
/** Every credential value in the fixtures is spelled `cred-…-NNNN` (and one AWS key id). */
const CREDENTIAL = /cred-[a-z-]+-\d{4}|AKIAEXAMPLECRED0012/g;

function importAll() {
  return postmanToIntegrations(read('acme-shop.postman_collection.json'), { environment: read('acme-staging.postman_environment.json'), globals: read('globals.postman_globals.json') });
}

function byName(result: ReturnType<typeof importAll>, name: string): Json {
  const f = result.files.find((x) => x.name === name);
  assert.ok(f, `${name} in ${result.files.map((x) => x.name).join(', ')}`);
  return parse(f.yaml) as Json;
}

describe('Postman import (collection v2.1)', () => {
  it('fixtures hold the credentials the test looks for', () => {
    const all = ['acme-shop.postman_collection.json', 'acme-staging.postman_environment.json'].map((f) => readFileSync(join(DIR, f), 'utf8')).join('\n');
    assert.ok((all.match(CREDENTIAL) ?? []).length >= 20);
  });

  it('one file per request, nested folders in the names, each with no errors or warnings and no credential value', () => {
    const r = importAll();
    assert.equal(r.files.length, 17);
    for (const f of r.files) {
      const problems = validateText(f.fileName, f.yaml).filter((d) => d.severity === 'error' || d.severity === 'warning');
      assert.deepEqual(problems.map((d) => `${d.code} ${d.message}`), [], `${f.fileName}:\n${f.yaml}`);
      assert.deepEqual(f.yaml.match(CREDENTIAL), null, `credential copied into ${f.fileName}`);
    }
    assert.ok(r.files.some((f) => f.fileName === 'orders-admin-create-order.ion.yaml'));
    assert.deepEqual(JSON.stringify(r).match(CREDENTIAL), null, 'no credential in the summary or the secret list');
  });

  it('auth is inherited from the collection and the folder, and noauth stops it', () => {
    const r = importAll();
    assert.deepEqual(byName(r, 'orders-list-orders').auth, { type: 'bearer', token: '{{ secret.acme_shop_api_accesstoken }}' });
    assert.deepEqual(byName(r, 'orders-admin-create-order').auth, { type: 'apiKey', in: 'header', name: 'X-Admin-Key', value: '{{ secret.acme_shop_api_api_key }}' });
    assert.equal(byName(r, 'orders-admin-delete-order-no-auth').auth, undefined);
  });

  it('maps apikey, basic, bearer and OAuth2 grants, and says which auth types are not expressible', () => {
    const r = importAll();
    assert.deepEqual(byName(r, 'auth-types-api-key-in-query').auth, { type: 'apiKey', in: 'query', name: 'key', value: '{{ secret.acme_shop_api_mapskey }}' });
    assert.deepEqual(byName(r, 'auth-types-basic').auth, { type: 'basic', username: '{{ secret.acme_shop_api_username }}', password: '{{ secret.acme_shop_api_password }}' });
    const cc = byName(r, 'auth-types-oauth2-client-credentials').auth;
    assert.deepEqual(cc, { type: 'oauth2', grant: 'client_credentials', tokenUrl: 'https://auth.acme.example/oauth/token', clientId: '{{ secret.acme_shop_api_client_id }}', clientSecret: '{{ secret.acme_shop_api_client_secret }}', clientAuth: 'body', scopes: ['reports.read', 'reports.write'] });
    const code = byName(r, 'auth-types-oauth2-authorization-code').auth;
    assert.equal(code.grant, 'authorization_code');
    assert.equal(code.authorizationUrl, 'https://auth.acme.example/authorize');
    assert.equal(code.clientId, '{{ secret.acme_shop_api_clientid }}');
    assert.deepEqual(byName(r, 'auth-types-oauth2-password-grant').auth, { type: 'bearer', token: '{{ secret.acme_shop_api_access_token }}' });
    for (const t of ['digest', 'hawk', 'ntlm', 'awsv4', 'oauth1', 'edgegrid']) assert.ok(r.summary.some((l) => l.includes(`auth \`${t}\` is not expressible`)), t);
    assert.ok(r.summary.some((l) => /grant `password_credentials` is not expressible/.test(l)));
  });

  it('variables: collection, environment (wins) and globals become vars; credential variables become secrets', () => {
    const r = importAll();
    const list = byName(r, 'orders-list-orders');
    assert.deepEqual(list.environments, { acme_staging: { baseUrl: 'https://staging.acme.example/v1', pageSize: '50', region: 'eu' } });
    assert.deepEqual(list.request.query, { limit: '{{ vars.pageSize }}', region: '{{ vars.region }}' });
    const login = byName(r, 'auth-types-bearer-from-environment');
    assert.equal(login.environments.acme_staging.user, 'jane');
    assert.deepEqual(login.request.form, { user: '{{ vars.user }}', password: '{{ secret.acme_shop_api_password_2 }}', remember: 'true' });
    assert.equal(login.request.headers['X-Api-Key'], '{{ secret.acme_shop_api_x_api_key }}');
    const get = byName(r, 'orders-get-order');
    assert.equal(get.request.url, '{{ vars.baseUrl }}/orders/{{ input.orderId }}');
    assert.deepEqual(get.trigger, { type: 'manual', input: { orderId: '42' } });
    const create = byName(r, 'orders-admin-create-order');
    assert.deepEqual(create.request.body, { sku: 'ABC-1', quantity: 2, note: 'created at {{ now }}' });
    assert.equal(create.request.headers['X-Request-Id'], '{{ uuid }}');
    assert.ok(r.secrets.some((s) => s.name === 'acme_shop_api_sessiontoken'));
  });

  it('scripts become comments to port, with credential literals removed', () => {
    const r = importAll();
    const f = r.files.find((x) => x.name === 'orders-get-order');
    assert.ok(f);
    assert.match(f.yaml, /^# Test script \(request Get order\), to port by hand:$/m);
    assert.match(f.yaml, /^# {3}pm\.expect\(body\.id\)\.to\.eql\(42\);$/m);
    assert.match(f.yaml, /pm\.environment\.set\('sessionToken', '<removed>'\)/);
    assert.ok(r.summary.some((l) => l === 'Orders / Get order: scripts copied as comments, to port by hand'));
  });

  it('refuses what is not a collection v2', () => {
    assert.throws(() => postmanToIntegrations({ info: { name: 'x', schema: 'https://schema.getpostman.com/json/collection/v1.0.0/collection.json' }, item: [] }), /v2\.0 and v2\.1/);
    assert.throws(() => postmanToIntegrations({ requests: [] }), /not a Postman collection/);
  });
});
