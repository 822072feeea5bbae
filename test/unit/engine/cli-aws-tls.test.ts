/**
 * The CLI with mTLS and AWS Signature V4: `ion run --env-file` with a quoted multi-line PEM
 * against a server that requires a client certificate, and `ion curl` saying what curl needs.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { fakeIO, loadTsxEsm } from '../../helpers/cli-io';
import { CLIENT_CERT, CLIENT_KEY_ENCRYPTED, PASSPHRASE, startMtls, type MtlsServer } from '../../helpers/mtls';
import { TEST_CA_PATH } from '../../helpers/server';

describe('cli: mTLS and AWS', () => {
  before(loadTsxEsm);
  let dir: string;
  let server: MtlsServer | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ion-cli-mtls-'));
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  const mtlsFile = (origin: string) => `version: 1
name: m
request:
  url: "${origin}/hello"
  tls: { ca: "${TEST_CA_PATH}", cert: "{{ secret.client_cert }}", key: "{{ secret.client_key }}", passphrase: "{{ secret.client_pass }}" }
`;

  it('ion run --env-file reads multi-line PEM secrets (quoted over lines, or with \\n) and never prints them', async () => {
    server = await startMtls();
    writeFileSync(join(dir, 'm.ion.yaml'), mtlsFile(server.origin));
    writeFileSync(
      join(dir, '.env'),
      `ION_SECRET_CLIENT_CERT="${CLIENT_CERT}"\nION_SECRET_CLIENT_KEY="${CLIENT_KEY_ENCRYPTED.replace(/\n/g, '\\n')}"\nION_SECRET_CLIENT_PASS=${PASSPHRASE}\n`,
    );
    const io = fakeIO(dir);
    const code = await main(['--env-file', '.env', 'run', 'm.ion.yaml', '--json'], io);
    assert.equal(code, 0, io.stdout + io.stderr);
    assert.deepEqual(server.seen, ['ion-test-client']);
    const out = io.stdout + io.stderr;
    for (const line of [...CLIENT_CERT.split('\n'), ...CLIENT_KEY_ENCRYPTED.split('\n')]) {
      if (line.length > 20 && !line.startsWith('-----')) assert.ok(!out.includes(line), 'a PEM line was printed');
    }
    assert.ok(!out.includes(PASSPHRASE));
  });

  it('ion curl: --cert/--key files with a note that the PEM is in a secret, --pass', async () => {
    writeFileSync(join(dir, 'm.ion.yaml'), mtlsFile('https://api.example'));
    const io = fakeIO(dir, { ION_SECRET_CLIENT_KEY: CLIENT_KEY_ENCRYPTED });
    assert.equal(await main(['curl', 'm.ion.yaml'], io), 0, io.stderr);
    assert.match(io.stdout, /# mTLS: the client certificate and key are secrets \(PEM text\)/);
    assert.ok(io.stdout.includes(`printf '%s\\n' "$ION_SECRET_CLIENT_CERT" > client-cert.pem`), io.stdout);
    assert.ok(io.stdout.includes(`(umask 077; printf '%s\\n' "$ION_SECRET_CLIENT_KEY" > client-key.pem)`), io.stdout);
    assert.ok(io.stdout.includes('--cert client-cert.pem --key client-key.pem --pass "$ION_SECRET_CLIENT_PASS"'), io.stdout);
    assert.ok(!io.stdout.includes('BEGIN'), 'no PEM text');
  });

  it('ion curl: AWS as curl\'s own --aws-sigv4 with the secrets as names', async () => {
    writeFileSync(
      join(dir, 'a.ion.yaml'),
      `version: 1
name: a
auth: { type: aws, accessKeyId: "{{ secret.aws_key }}", secretAccessKey: "{{ secret.aws_secret }}", sessionToken: "{{ secret.aws_session }}", region: eu-west-1, service: execute-api }
request:
  method: POST
  url: "https://abc.execute-api.eu-west-1.amazonaws.com/prod/items"
  body: { a: 1 }
`,
    );
    const io = fakeIO(dir, { ION_SECRET_AWS_SECRET: 'wJalrXUtnFEMI-real-looking-secret' });
    assert.equal(await main(['curl', 'a.ion.yaml'], io), 0, io.stderr);
    assert.match(io.stdout, /# AWS Signature V4: curl signs the request itself with --aws-sigv4/);
    assert.ok(io.stdout.includes('--aws-sigv4 aws:amz:eu-west-1:execute-api'), io.stdout);
    assert.ok(io.stdout.includes('--user "$ION_SECRET_AWS_KEY:$ION_SECRET_AWS_SECRET"'), io.stdout);
    assert.ok(io.stdout.includes('-H "X-Amz-Security-Token: $ION_SECRET_AWS_SESSION"'), io.stdout);
    assert.ok(!io.stdout.includes('wJalrXUtnFEMI'));
  });
});
