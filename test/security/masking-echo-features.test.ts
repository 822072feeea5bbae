/**
 * An API that echoes the token back everywhere it can (the body, a custom header, `Set-Cookie`, a
 * `Sunset` header long enough that a display cut falls inside the token, a deprecation `Link` with
 * the token in its query, GraphQL error messages and paths): nothing of it reaches stdout, stderr,
 * the run log, the cache files under `.ion/cache/`, nor `ion report` (--json, text, --html), in
 * any of the forms of test/security/masking-forms.ts.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { startServer, type TestServer } from '../helpers/server';
import { fakeIO, findLeak } from './masking-forms';

function allFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...allFiles(p));
    else out.push(p);
  }
  return out;
}

/** Header-safe secrets whose cut at 80 characters of the Sunset text falls at several places inside. */
const SECRETS = ['Sk7qEchoToken0123456789abcdef', 'Sk7q/+=AbCdEfGhIjKlMnOp', 'Sk7qZZ~_-.!$&*'];

describe('security: an API echoing the token (cache, deprecation, GraphQL, report)', function () {
  this.timeout(60_000);
  let server: TestServer;
  let dir: string;
  before(async () => {
    server = await startServer((req, res) => {
      const token = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'x-echo': token,
        'set-cookie': `sid=${token}; HttpOnly`,
        etag: `"${Buffer.from(token).toString('base64')}"`,
        sunset: `${'x'.repeat(60)}${token}`,
        deprecation: 'true',
        link: `<https://docs.example.com/deprecated?t=${encodeURIComponent(token)}>; rel="deprecation"`,
      };
      res.writeHead(200, headers);
      if (req.url.startsWith('/graphql')) {
        res.end(JSON.stringify({ data: null, errors: [{ message: `bad token ${token}`, path: ['user', token] }] }));
      } else res.end(JSON.stringify({ echoed: token, url: `https://x.example.com/${token}`, b64: Buffer.from(`Bearer ${token}`).toString('base64') }));
    });
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ion-sec-echo-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  after(() => server.close());

  for (const secret of SECRETS) {
    it(`nothing of ${JSON.stringify(secret)} is printed or written`, async () => {
      writeFileSync(
        join(dir, 'echo.ion.yaml'),
        `version: 1\nname: echo\nauth:\n  type: bearer\n  token: "{{ secret.tok }}"\ncache:\n  ttl: 10m\nrequest:\n  method: GET\n  url: ${server.origin}/items\n`,
      );
      writeFileSync(
        join(dir, 'gql.ion.yaml'),
        `version: 1\nname: gql\nauth:\n  type: bearer\n  token: "{{ secret.tok }}"\nrequest:\n  method: POST\n  url: ${server.origin}/graphql\n  graphql:\n    query: "{ user { id } }"\n`,
      );
      const env = { ION_SECRET_TOK: secret };
      const ios = [fakeIO(dir, env), fakeIO(dir, env), fakeIO(dir, env), fakeIO(dir, env), fakeIO(dir, env), fakeIO(dir, env), fakeIO(dir, env)];
      await main(['run', 'echo.ion.yaml', '--json'], ios[0]);
      await main(['run', 'echo.ion.yaml'], ios[1]); // from the cache
      await main(['run', 'echo.ion.yaml', '--no-cache'], ios[2]);
      await main(['run', 'gql.ion.yaml', '--json'], ios[3]);
      await main(['run', 'gql.ion.yaml'], ios[4]);
      await main(['report', '--json'], ios[5]);
      await main(['report', '--html', join(dir, 'report.html')], ios[6]);
      const text = fakeIO(dir, env);
      await main(['report'], text);
      assert.match(ios[0].stdout, /"status": 200/, ios[0].stdout.slice(0, 2000));
      assert.match(ios[0].stdout, /deprecated/);
      assert.match(ios[3].stdout, /GraphQL/);
      const cacheFiles = allFiles(join(dir, '.ion', 'cache'));
      assert.ok(cacheFiles.some((f) => f.endsWith('.entry')), cacheFiles.join(', '));
      const written = allFiles(dir).map((f) => `${f}:\n${readFileSync(f, 'latin1')}`);
      const everything = [...ios, text].map((io) => io.stdout + io.stderr).concat(written).join('\n');
      const leak = findLeak(everything, secret);
      const at = everything.indexOf((leak ?? '').slice(0, 10));
      assert.equal(leak, undefined, `${leak} in ${everything.slice(Math.max(0, at - 300), at + 200)}`);
    });
  }
});
