/**
 * mTLS (docs/reference.md#request): a real HTTPS server on 127.0.0.1 that requires a client
 * certificate signed by the test client CA (test/fixtures/tls/client, 100-year life).
 */
import { strict as assert } from 'node:assert';
import { parse as parseDotenv } from 'dotenv';
import { createDefaultTransport } from '../../../src/core/http/transport';
import { mapSecrets, runYaml } from '../../helpers/engine';
import { TEST_CA_PATH } from '../../helpers/server';
import { startProxy } from '../../helpers/proxy';
import { CLIENT_CERT, CLIENT_KEY, CLIENT_KEY_ENCRYPTED, PASSPHRASE, STRANGER_CERT, STRANGER_KEY, startMtls, type MtlsServer } from '../../helpers/mtls';
import { TokenCache } from '../../../src/core/auth/token-cache';

const file = (url: string, tls: string, extra = '') => `version: 1
name: m
${extra}request:
  url: "${url}"
  tls: { ca: "${TEST_CA_PATH}"${tls} }
`;
const WITH_CERT = ', cert: "{{ secret.client_cert }}", key: "{{ secret.client_key }}"';

/** Every PEM body line and the passphrase: none may appear in a result. */
function assertNoKeyMaterial(text: string): void {
  for (const p of [CLIENT_KEY, CLIENT_KEY_ENCRYPTED, STRANGER_KEY, CLIENT_CERT]) {
    for (const line of p.split('\n')) if (line.length > 20 && !line.startsWith('-----')) assert.ok(!text.includes(line), 'a PEM line leaked');
  }
  assert.ok(!text.includes(PASSPHRASE), 'the passphrase leaked');
}

describe('mTLS: request.tls cert/key/passphrase', () => {
  let server: MtlsServer;
  afterEach(async () => server?.close());

  it('is accepted with the client certificate (plain and encrypted key)', async () => {
    server = await startMtls();
    const plain = await runYaml(file(`${server.origin}/a`, WITH_CERT), { secrets: mapSecrets({ client_cert: CLIENT_CERT, client_key: CLIENT_KEY }) });
    assert.equal(plain.result.ok, true, JSON.stringify(plain.result.errors));
    const enc = await runYaml(file(`${server.origin}/b`, `${WITH_CERT}, passphrase: "{{ secret.pass }}"`), {
      secrets: mapSecrets({ client_cert: CLIENT_CERT, client_key: CLIENT_KEY_ENCRYPTED, pass: PASSPHRASE }),
    });
    assert.equal(enc.result.ok, true, JSON.stringify(enc.result.errors));
    assert.deepEqual(server.seen, ['ion-test-client', 'ion-test-client']);
    assertNoKeyMaterial(JSON.stringify([plain.result, enc.result]));
  });

  it('is refused without a certificate, with a hint to set one', async () => {
    server = await startMtls();
    const { result } = await runYaml(file(`${server.origin}/a`, ''));
    assert.equal(result.ok, false);
    assert.equal(result.errors[0].code, 'network');
    assert.match(result.errors[0].hint, /(asks for|requires) a client certificate/);
    assert.deepEqual(server.seen, []);
  });

  it('is refused with a certificate the server does not trust, with a hint', async () => {
    server = await startMtls();
    const { result } = await runYaml(file(`${server.origin}/a`, WITH_CERT), { secrets: mapSecrets({ client_cert: STRANGER_CERT, client_key: STRANGER_KEY }) });
    assert.equal(result.ok, false);
    assert.equal(result.errors[0].code, 'network');
    assert.match(result.errors[0].hint, /refused the client certificate/);
    assert.match(result.errors[0].hint, /issued by its client CA/);
    assert.deepEqual(server.seen, []);
    assertNoKeyMaterial(JSON.stringify(result));
  });

  const unusable: Array<[string, Record<string, string>, string, RegExp, RegExp]> = [
    ['not a PEM certificate', { client_cert: 'not a certificate', client_key: CLIENT_KEY }, '', /tls\.cert does not hold a PEM certificate/, /BEGIN line/],
    ['not a PEM key', { client_cert: CLIENT_CERT, client_key: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n' }, '', /tls\.key does not hold a PEM private key/, /BEGIN line/],
    ['an encrypted key without a passphrase', { client_cert: CLIENT_CERT, client_key: CLIENT_KEY_ENCRYPTED }, '', /encrypted and request\.tls\.passphrase is not set/, /passphrase/],
    ['a wrong passphrase', { client_cert: CLIENT_CERT, client_key: CLIENT_KEY_ENCRYPTED, pass: 'wrong-passphrase' }, ', passphrase: "{{ secret.pass }}"', /passphrase does not decrypt/, /passphrase/],
    ['a key of another certificate', { client_cert: CLIENT_CERT, client_key: STRANGER_KEY }, '', /not the private key of request\.tls\.cert/, /belongs to the certificate/],
  ];
  for (const [what, secrets, extra, message, hint] of unusable) {
    it(`fails before sending with ${what}, without quoting it`, async () => {
      server = await startMtls();
      const yaml = file(`${server.origin}/a`, `${WITH_CERT}${extra}`);
      const { result } = await runYaml(yaml, { secrets: mapSecrets(secrets) });
      assert.equal(result.ok, false);
      assert.equal(result.errors[0].code, 'invalid_file');
      assert.match(result.errors[0].message, message);
      assert.match(result.errors[0].hint, hint);
      assert.ok(result.errors[0].range, 'points at request.tls');
      assert.equal(server.seen.length + server.refused, 0, 'nothing was sent');
      assertNoKeyMaterial(JSON.stringify(result));
      assert.ok(!JSON.stringify(result).includes('wrong-passphrase'));
    });
  }

  it('presents the certificate to the OAuth2 token endpoint too', async () => {
    server = await startMtls((path) =>
      path === '/token' ? { status: 200, body: { access_token: 'tok-mtls-123', expires_in: 3600 } } : { status: 200, body: { ok: true } },
    );
    const yaml = file(
      `${server.origin}/api`,
      WITH_CERT,
      `auth: { type: oauth2, grant: client_credentials, tokenUrl: "${server.origin}/token", clientId: app, clientSecret: "{{ secret.cs }}" }\n`,
    );
    const { result } = await runYaml(yaml, { secrets: mapSecrets({ client_cert: CLIENT_CERT, client_key: CLIENT_KEY, cs: 'shh-secret' }), tokenCache: new TokenCache() });
    assert.equal(result.ok, true, JSON.stringify(result.errors));
    assert.deepEqual(server.paths, ['/token', '/api']);
    assert.deepEqual(server.seen, ['ion-test-client', 'ion-test-client']);
  });

  it('presents the certificate through an HTTPS_PROXY tunnel (to the server, not to the proxy)', async () => {
    server = await startMtls();
    const proxy = await startProxy();
    const transport = createDefaultTransport({ proxy: { httpsProxy: proxy.url } });
    try {
      const { result } = await runYaml(file(`${server.origin}/p`, WITH_CERT), { transport, secrets: mapSecrets({ client_cert: CLIENT_CERT, client_key: CLIENT_KEY }) });
      assert.equal(result.ok, true, JSON.stringify(result.errors));
      assert.deepEqual(proxy.seen, [`CONNECT ${server.origin.slice('https://'.length)}`]);
      assert.deepEqual(server.seen, ['ion-test-client']);
    } finally {
      await transport.close();
      await proxy.close();
    }
  });

  it('never reuses a pooled connection across client certificates', async () => {
    server = await startMtls();
    const transport = createDefaultTransport();
    try {
      const a = await runYaml(file(`${server.origin}/a`, WITH_CERT), { transport, secrets: mapSecrets({ client_cert: CLIENT_CERT, client_key: CLIENT_KEY }) });
      assert.equal(a.result.ok, true);
      // Same transport, same origin, no certificate: a fresh connection, refused by the server.
      const b = await runYaml(file(`${server.origin}/b`, ''), { transport });
      assert.equal(b.result.ok, false);
      assert.equal(b.result.errors[0].code, 'network');
      assert.deepEqual(server.paths, ['/a']);
    } finally {
      await transport.close();
    }
  });

  it('sends nothing when the certificate is not allowed for the origin (request and token endpoint)', async () => {
    server = await startMtls();
    const bound = mapSecrets({ client_cert: CLIENT_CERT, client_key: CLIENT_KEY, cs: 'client-secret-value' }, { client_cert: ['https://elsewhere.example'] });
    const a = await runYaml(file(`${server.origin}/a`, WITH_CERT), { secrets: bound });
    assert.equal(a.result.errors[0].code, 'secret_blocked');
    assert.match(a.result.errors[0].message, /client_cert/);
    const yaml = file(
      `${server.origin}/api`,
      WITH_CERT,
      'auth: { type: oauth2, grant: client_credentials, tokenUrl: "https://idp.example/token", clientId: app, clientSecret: "{{ secret.cs }}" }\n',
    );
    const bindToApi = mapSecrets({ client_cert: CLIENT_CERT, client_key: CLIENT_KEY, cs: 'client-secret-value' }, { client_key: [server.origin] });
    const b = await runYaml(yaml, { secrets: bindToApi });
    assert.equal(b.result.errors[0].code, 'secret_blocked');
    assert.match(b.result.errors[0].message, /client_key.*https:\/\/idp\.example/);
    assert.equal(server.seen.length + server.refused, 0);
  });

  it('checks a redirect hop to another origin for the certificate', async () => {
    const other = await startMtls();
    server = await startMtls(() => ({ status: 302, body: {}, headers: { location: `${other.origin}/next` } }));
    try {
      const bound = mapSecrets({ client_cert: CLIENT_CERT, client_key: CLIENT_KEY }, { client_cert: [server.origin] });
      const { result } = await runYaml(file(`${server.origin}/a`, WITH_CERT), { secrets: bound });
      assert.equal(result.errors[0].code, 'secret_blocked');
      assert.match(result.errors[0].message, new RegExp(`client_cert.*${other.origin.replace(/[.:/]/g, '.')}`));
      assert.deepEqual(other.seen, []);
    } finally {
      await other.close();
    }
  });

  it('accepts a PEM stored on one line: line breaks turned into spaces, or written as \\n', async () => {
    server = await startMtls();
    const spaced = (p: string) => p.trim().replace(/\n/g, ' ');
    const escaped = (p: string) => p.replace(/\n/g, '\\n');
    for (const [cert, key] of [
      [spaced(CLIENT_CERT), spaced(CLIENT_KEY_ENCRYPTED)],
      [escaped(CLIENT_CERT), escaped(CLIENT_KEY_ENCRYPTED)],
    ]) {
      const { result } = await runYaml(file(`${server.origin}/a`, `${WITH_CERT}, passphrase: "{{ secret.pass }}"`), {
        secrets: mapSecrets({ client_cert: cert, client_key: key, pass: PASSPHRASE }),
      });
      assert.equal(result.ok, true, JSON.stringify(result.errors));
    }
    assert.deepEqual(server.seen, ['ion-test-client', 'ion-test-client']);
  });

  it('reads a multi-line PEM from a double-quoted .env value', async () => {
    server = await startMtls();
    const env = parseDotenv(`ION_SECRET_CLIENT_CERT="${CLIENT_CERT}"\nION_SECRET_CLIENT_KEY="${CLIENT_KEY.replace(/\n/g, '\\n')}"\n`);
    assert.equal(env.ION_SECRET_CLIENT_CERT, CLIENT_CERT);
    assert.equal(env.ION_SECRET_CLIENT_KEY, CLIENT_KEY);
    const { result } = await runYaml(file(`${server.origin}/a`, WITH_CERT), {
      secrets: mapSecrets({ client_cert: env.ION_SECRET_CLIENT_CERT, client_key: env.ION_SECRET_CLIENT_KEY }),
    });
    assert.equal(result.ok, true, JSON.stringify(result.errors));
  });
});
