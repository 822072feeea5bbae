/**
 * AWS Signature V4 and mTLS secrets (README "Security"): the secret access key, the session token,
 * each signature derived from the key, a client key's PEM text and its passphrase never appear in
 * what the CLI prints, whatever the server echoes back and whatever fails.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { main } from '../../src/cli/main';
import { startServer, TEST_CA_PATH, type TestServer } from '../helpers/server';
import { CLIENT_CERT, CLIENT_KEY, CLIENT_KEY_ENCRYPTED, startMtls, type MtlsServer } from '../helpers/mtls';
import { fakeIO, findLeak, runs, secretArb, SEED } from './masking-forms';
import { loadTsxEsm } from '../helpers/cli-io';

/** A session token goes in a header: no control characters, and Latin-1 only (what HTTP allows). */
const headerSafe = secretArb.filter((s) => /^[\x20-\x7e]+$/.test(s));

function withDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'ion-sec-aws-'));
  return fn(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

describe('security: AWS Signature V4 and mTLS secrets', function () {
  this.timeout(60_000);
  before(loadTsxEsm);
  let echo: TestServer;
  let mtls: MtlsServer;
  let mode: 'headers-json' | 'headers-text' = 'headers-json';
  const signatures: string[] = [];
  before(async () => {
    echo = await startServer((req, res) => {
      const sig = /Signature=([0-9a-f]{64})/.exec(String(req.headers.authorization ?? ''))?.[1];
      if (sig) signatures.push(sig);
      res.writeHead(500, { 'content-type': mode === 'headers-json' ? 'application/json' : 'text/plain', 'x-echo-auth': String(req.headers.authorization ?? '') });
      res.end(mode === 'headers-json' ? JSON.stringify({ message: 'echo', headers: req.headers }) : `echo ${JSON.stringify(req.headers)}`);
    });
    mtls = await startMtls();
  });
  after(async () => {
    await echo.close();
    await mtls.close();
  });

  it('the secret access key, session token and signatures are masked even when echoed', async () => {
    await fc.assert(
      fc.asyncProperty(secretArb, headerSafe, fc.constantFrom('headers-json', 'headers-text') as fc.Arbitrary<typeof mode>, async (key, session, m) => {
        mode = m;
        signatures.length = 0;
        await withDir(async (dir) => {
          writeFileSync(
            join(dir, 'a.ion.yaml'),
            `version: 1\nname: a\nauth: { type: aws, accessKeyId: AKIDEXAMPLE, secretAccessKey: "{{ secret.k }}", sessionToken: "{{ secret.s }}", region: us-east-1, service: execute-api }\nrequest:\n  method: POST\n  url: "${echo.origin}/x"\n  body: { a: 1 }\n`,
          );
          const io = fakeIO(dir, { ION_SECRET_K: key, ION_SECRET_S: session });
          assert.equal(await main(['run', 'a.ion.yaml', '--json'], io), 1);
          const out = io.stdout + io.stderr;
          assert.equal(findLeak(out, key), undefined, out);
          assert.equal(findLeak(out, session), undefined, out);
          assert.equal(signatures.length, 1);
          assert.ok(!out.includes(signatures[0]), 'the signature was printed');
          assert.match(out, /Signature=\*\*\*/);
        });
      }),
      { seed: SEED, numRuns: runs(10) },
    );
  });

  it('a key that is not PEM, a wrong passphrase: the error quotes neither', async () => {
    await fc.assert(
      fc.asyncProperty(secretArb, secretArb, async (garbageKey, passphrase) => {
        await withDir(async (dir) => {
          writeFileSync(
            join(dir, 'm.ion.yaml'),
            `version: 1\nname: m\nrequest:\n  url: "${mtls.origin}/x"\n  tls: { ca: "${TEST_CA_PATH}", cert: "{{ secret.c }}", key: "{{ secret.k }}", passphrase: "{{ secret.p }}" }\n`,
          );
          for (const key of [`-----BEGIN PRIVATE KEY-----\n${garbageKey}\n-----END PRIVATE KEY-----\n`, CLIENT_KEY_ENCRYPTED]) {
            const io = fakeIO(dir, { ION_SECRET_C: CLIENT_CERT, ION_SECRET_K: key, ION_SECRET_P: passphrase });
            assert.notEqual(await main(['run', 'm.ion.yaml', '--json'], io), 0);
            const out = io.stdout + io.stderr;
            assert.match(out, /invalid_file/);
            assert.equal(findLeak(out, passphrase), undefined, out);
            assert.equal(findLeak(out, garbageKey), undefined, out);
            for (const line of key.split('\n')) if (line.length > 20 && !line.startsWith('-----')) assert.ok(!out.includes(line), 'a PEM line was printed');
          }
        });
      }),
      { seed: SEED, numRuns: runs(6) },
    );
  });

  it('a server refusing the certificate: the network error quotes no PEM', async () => {
    await withDir(async (dir) => {
      writeFileSync(join(dir, 'm.ion.yaml'), `version: 1\nname: m\nrequest:\n  url: "${mtls.origin}/x"\n  tls: { ca: "${TEST_CA_PATH}" }\n`);
      const io = fakeIO(dir, { ION_SECRET_UNUSED: CLIENT_KEY });
      assert.equal(await main(['run', 'm.ion.yaml', '--json'], io), 1);
      assert.match(io.stdout, /network/);
      assert.ok(!io.stdout.includes('PRIVATE KEY'));
    });
  });
});
