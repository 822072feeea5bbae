/**
 * The authorization URL of a sign-in is printed and opened in a browser (kept in its history, the
 * provider's logs): it never carries a secret. A secret in `authorizationParams` or in the query of
 * `authorizationUrl` (the client secret put there by mistake) is refused (`secret_blocked`) before
 * anything is printed, opened or sent; the client id may be a secret reference (it is public by
 * design and must be in the URL).
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { json, startServer, type TestServer } from '../helpers/server';
import { loadTsxEsm } from '../helpers/cli-io';
import { fakeIO, findLeak } from './masking-forms';

const SECRET = 'Sk7qClientSecret/+=~42';

describe('security: the sign-in authorization URL never carries a secret', function () {
  this.timeout(60_000);
  before(loadTsxEsm);
  let server: TestServer;
  let dir: string;
  before(async () => {
    server = await startServer((req, res) => {
      const url = new URL(req.url, 'http://x');
      if (url.pathname === '/authorize') {
        const back = new URL(url.searchParams.get('redirect_uri')!);
        back.searchParams.set('code', 'Sk7qCodeValue1234');
        back.searchParams.set('state', url.searchParams.get('state')!);
        res.writeHead(302, { Location: back.href });
        res.end();
        return;
      }
      if (url.pathname === '/device') {
        // Echoes the form (the client secret) into what is shown to the user.
        const cs = new URLSearchParams(req.body).get('client_secret') ?? '';
        json(res, 200, { device_code: 'Sk7qDevice7777', user_code: 'ABCD-EFGH', verification_uri: `${server.origin}/verify?cs=${encodeURIComponent(cs)}`, verification_uri_complete: `${server.origin}/verify?c=${cs}`, interval: 0.01, expires_in: 60 });
        return;
      }
      json(res, 200, { access_token: 'Sk7qAccess99999', token_type: 'Bearer', expires_in: 3600, refresh_token: 'Sk7qRefresh8888' });
    });
    dir = mkdtempSync(join(tmpdir(), 'ion-authurl-'));
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const write = (auth: string) =>
    writeFileSync(
      join(dir, 's.ion.yaml'),
      `version: 1\nname: s\nauth:\n  type: oauth2\n  grant: authorization_code\n${auth}  tokenUrl: "${server.origin}/token"\n  clientSecret: "{{ secret.cs }}"\n  clientAuth: body\n  refreshToken: "{{ secret.rt }}"\nrequest:\n  url: "${server.origin}/api"\n`,
    );

  async function login() {
    const io = fakeIO(dir, { ION_NO_BROWSER: '1', ION_SECRET_CS: SECRET, ION_SECRET_CID: 'my-public-client' });
    const pages: Array<Promise<unknown>> = [];
    const err = io.err.bind(io);
    io.err = (t: string) => {
      err(t);
      const m = /^(http:\/\/127\.0\.0\.1:\d+\/authorize\?\S+)$/m.exec(t);
      if (m) pages.push(fetch(m[1]).then((r) => r.text()));
    };
    const code = await main(['auth', 'login', 's.ion.yaml', '--print'], io);
    await Promise.all(pages);
    return { code, io };
  }

  const refused: Array<[string, string]> = [
    ['the client secret in authorizationParams', `  authorizationUrl: "${'ORIGIN'}/authorize"\n  clientId: app\n  authorizationParams:\n    client_secret: "{{ secret.cs }}"\n`],
    ['a secret in the query of authorizationUrl', `  authorizationUrl: "${'ORIGIN'}/authorize?key={{ secret.cs }}"\n  clientId: app\n`],
  ];
  for (const [what, auth] of refused) {
    it(`${what}: refused, nothing printed, opened or sent`, async () => {
      write(auth.replace('ORIGIN', server.origin));
      const before = server.requests.length;
      const { code, io } = await login();
      const all = io.stdout + io.stderr;
      assert.equal(findLeak(all, SECRET), undefined, all);
      assert.equal(code, 1, all);
      assert.match(io.stderr, /secret_blocked/);
      assert.equal(server.requests.slice(before).filter((r) => r.url.startsWith('/authorize')).length, 0);
    });
  }

  it('device code: a verification URI echoing the client secret is shown masked', async () => {
    writeFileSync(
      join(dir, 's.ion.yaml'),
      `version: 1\nname: s\nauth:\n  type: oauth2\n  grant: device_code\n  deviceAuthorizationUrl: "${server.origin}/device"\n  tokenUrl: "${server.origin}/token"\n  clientId: app\n  clientSecret: "{{ secret.cs }}"\n  clientAuth: body\n  refreshToken: "{{ secret.rt }}"\nrequest:\n  url: "${server.origin}/api"\n`,
    );
    const { code, io } = await login();
    assert.equal(code, 0, io.stderr);
    assert.match(io.stderr, /ABCD-EFGH/);
    assert.equal(findLeak(io.stdout + io.stderr, SECRET), undefined, io.stderr);
  });

  it('a client id kept as a secret is still in the URL, and the sign-in succeeds', async () => {
    write(`  authorizationUrl: "${server.origin}/authorize"\n  clientId: "{{ secret.cid }}"\n`);
    const { code, io } = await login();
    assert.equal(code, 0, io.stderr);
    assert.equal(findLeak(io.stdout + io.stderr, SECRET), undefined);
  });
});
