/** OAuth2 token endpoint errors that quote the request body (client_secret form-encoded) are masked. */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { main } from '../../src/cli/main';
import { startServer, type TestServer } from '../helpers/server';
import { fakeIO, findLeak, runs, secretArb, SEED } from './masking-forms';
import { loadTsxEsm } from '../helpers/cli-io';

describe('security: OAuth2 token endpoint errors echoing the request', function () {
  this.timeout(60_000);
  before(loadTsxEsm);
  let idp: TestServer;
  let mode: 'text' | 'json' | 'long' = 'text';
  before(async () => {
    idp = await startServer((req, res) => {
      res.writeHead(400, { 'content-type': mode === 'text' || mode === 'long' ? 'text/plain' : 'application/json' });
      if (mode === 'text') res.end(`bad request: ${req.body}`);
      else if (mode === 'long') res.end(`${'e'.repeat(130)} ${req.body}`); // the 200-character excerpt cuts inside it
      else res.end(JSON.stringify({ error: 'invalid_client', error_description: `got ${req.body}` }));
    });
  });
  after(async () => idp.close());

  it('masks client_secret in the quoted answer (raw, form-encoded, cut at the excerpt limit)', async () => {
    await fc.assert(
      fc.asyncProperty(secretArb, fc.constantFrom('text', 'json', 'long') as fc.Arbitrary<typeof mode>, async (secret, m) => {
        mode = m;
        const dir = mkdtempSync(join(tmpdir(), 'ion-oauth-'));
        try {
          writeFileSync(
            join(dir, 'o.ion.yaml'),
            `version: 1\nname: o\nauth: { type: oauth2, grant: client_credentials, tokenUrl: "${idp.origin}/token", clientId: app, clientAuth: body, clientSecret: "{{ secret.cs }}" }\nrequest:\n  url: "${idp.origin}/api"\n`,
          );
          const io = fakeIO(dir, { ION_SECRET_CS: secret });
          assert.equal(await main(['run', 'o.ion.yaml', '--json'], io), 1);
          assert.match(io.stdout, /token endpoint answered 400/);
          assert.equal(findLeak(io.stdout + io.stderr, secret), undefined, io.stdout);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { seed: SEED, numRuns: runs(12), examples: [['Sk7q a+b/c~d%e', 'text'], ['Sk7q a+b/c~d%e', 'long'], ['Sk7q a+b/c~d%e', 'json']] },
    );
  });
});
