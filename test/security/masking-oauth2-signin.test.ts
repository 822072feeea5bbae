/**
 * Signing in and the token lifecycle never show a credential: the authorization code, the PKCE
 * verifier, the client secret, access and refresh tokens (the stored one and a rotated one) stay
 * out of every output, error and warning, whatever characters they hold and even when the
 * authorization server and the API echo them back. The one exception is by design: `ion auth
 * login --print` writes the new refresh token to stdout, once, as `ION_SECRET_<NAME>=…`.
 */
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { main } from '../../src/cli/main';
import { json, startServer, type TestServer } from '../helpers/server';
import { loadTsxEsm } from '../helpers/cli-io';
import { fakeIO, findLeak, runs, secretArb, SEED } from './masking-forms';

interface Case {
  code: string;
  clientSecret: string;
  access: string;
  refresh: string;
  rotated: string;
  /** The token endpoint refuses, quoting the whole form it got. */
  refuse: boolean;
}

describe('security: OAuth2 sign-in and token lifecycle never show a credential', function () {
  this.timeout(120_000);
  before(loadTsxEsm);
  let server: TestServer;
  let c: Case;
  let verifiers: string[] = [];
  let refreshes = 0;
  before(async () => {
    server = await startServer((req, res) => {
      const url = new URL(req.url, 'http://x');
      if (url.pathname === '/authorize') {
        const back = new URL(url.searchParams.get('redirect_uri')!);
        back.searchParams.set('code', c.code);
        back.searchParams.set('state', url.searchParams.get('state')!);
        res.writeHead(302, { Location: back.href });
        res.end();
        return;
      }
      if (url.pathname === '/token') {
        const form = new URLSearchParams(req.body);
        if (form.get('code_verifier')) verifiers.push(form.get('code_verifier')!);
        // Echo everything: the form raw and decoded, in the error and in the success body.
        const echo = `${req.body} ${[...form.values()].join(' ')} ${req.headers.authorization ?? ''}`;
        if (c.refuse) return json(res, 400, { error: 'invalid_grant', error_description: echo });
        const rotate = form.get('grant_type') === 'refresh_token';
        if (rotate) refreshes += 1;
        return json(res, 200, { access_token: c.access, token_type: 'Bearer', expires_in: 3600, refresh_token: rotate ? c.rotated : c.refresh, echo });
      }
      // The API echoes the Authorization header in its body and a header.
      const auth = req.headers.authorization ?? '';
      json(res, 200, { got: auth, hash: createHash('sha256').update(auth).digest('hex') }, { 'x-echo': auth.replace(/[^\x20-\x7e]/g, '?') });
    });
  });
  after(async () => server.close());

  const file = (dir: string) =>
    writeFileSync(
      join(dir, 's.ion.yaml'),
      `version: 1\nname: s\nauth:\n  type: oauth2\n  grant: authorization_code\n  authorizationUrl: "${server.origin}/authorize"\n  tokenUrl: "${server.origin}/token"\n  clientId: app\n  clientAuth: body\n  clientSecret: "{{ secret.cs }}"\n  refreshToken: "{{ secret.rt }}"\nrequest:\n  url: "${server.origin}/api"\n`,
    );

  /** `ion auth login` in-process; the fake browser opens the URL the command prints. */
  async function login(dir: string, env: Record<string, string>) {
    const io = fakeIO(dir, { ION_NO_BROWSER: '1', ...env });
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

  // An access token travels in a header: visible ASCII (RFC 6750's b64token is narrower still).
  const headerSafe = secretArb.map((v) => v.replace(/[^\x21-\x7e]/g, 'x'));
  const caseArb = fc.record({ code: secretArb, clientSecret: secretArb, access: headerSafe, refresh: secretArb, rotated: secretArb, refuse: fc.boolean() });

  it('ion auth login: no code, verifier, client secret or access token in any output; the refresh token only as the --print line', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (k) => {
        c = k;
        verifiers = [];
        const dir = mkdtempSync(join(tmpdir(), 'ion-signin-sec-'));
        try {
          file(dir);
          const { code, io } = await login(dir, { ION_SECRET_CS: k.clientSecret });
          const all = io.stdout + io.stderr;
          assert.equal(verifiers.length, 1);
          for (const v of [k.code, verifiers[0], k.clientSecret, k.access]) assert.equal(findLeak(all, v), undefined, `${v} in ${all}`);
          if (k.refuse) {
            assert.equal(code, 1);
            assert.match(io.stderr, /auth_failed/);
            assert.equal(findLeak(all, k.refresh), undefined);
          } else {
            assert.equal(code, 0, io.stderr);
            assert.equal(findLeak(io.stderr, k.refresh), undefined, io.stderr);
            assert.ok(io.stdout.startsWith('ION_SECRET_RT='));
          }
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { seed: SEED, numRuns: runs(8) },
    );
  });

  it('ion run with the stored refresh token: no token (stored, rotated, access) or client secret in the result, the warning or the error', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (k) => {
        c = k;
        refreshes = 0;
        const dir = mkdtempSync(join(tmpdir(), 'ion-signin-sec-'));
        try {
          file(dir);
          const io = fakeIO(dir, { ION_SECRET_CS: k.clientSecret, ION_SECRET_RT: k.refresh });
          const code = await main(['run', 's.ion.yaml', '--json', '--no-outputs', '--log', join(dir, 'runs.jsonl')], io);
          const all = io.stdout + io.stderr;
          for (const v of [k.clientSecret, k.access, k.refresh, k.rotated]) assert.equal(findLeak(all, v), undefined, `${v} in ${all}`);
          if (k.refuse) {
            assert.equal(code, 1);
            assert.match(io.stdout, /Sign in again/);
          } else {
            assert.equal(code, 0, all);
            // In one process a token cached by an earlier case (same values) is reused: no refresh, no rotation.
            if (refreshes > 0 && k.rotated !== k.refresh) assert.match(io.stderr, /rotated the refresh token, so ION_SECRET_RT/);
            assert.match(io.stdout, /"timeline"/);
          }
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { seed: SEED, numRuns: runs(8) },
    );
  });
});
