/**
 * A secret that is a URL (a webhook kept as a secret, or the base of the request URL) is sent as the
 * URL layer normalises it: host lower-cased, default port and dot segments dropped, spaces
 * percent-encoded. The normalised spelling is a form of the secret: nothing of it is printed,
 * whether the URL is the secret alone or the secret followed by a path.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { startServer, type TestServer } from '../helpers/server';
import { fakeIO } from './masking-forms';

describe('security: a secret URL is masked as the URL layer normalises it', function () {
  this.timeout(30_000);
  let server: TestServer;
  let dir: string;
  before(async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
    dir = mkdtempSync(join(tmpdir(), 'ion-sec-url-'));
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const port = () => new URL(server.origin).port;
  const cases: Array<[string, () => string, string]> = [
    ['an upper-case host', () => `http://LOCALHOST:${port()}/hooks/T0KENsecretPATH42`, '"{{ secret.hook }}"'],
    ['dot segments and an upper-case scheme', () => `HTTP://127.0.0.1:${port()}/a/./b/../hooks/T0KENsecretPATH42`, '"{{ secret.hook }}"'],
    ['a space in the path', () => `http://127.0.0.1:${port()}/hooks/T0KEN secret PATH42`, '"{{ secret.hook }}"'],
    ['a base URL followed by a path', () => `http://LOCALHOST:${port()}/base/T0KENsecretPATH42`, '"{{ secret.hook }}/users/1"'],
  ];
  for (const [title, secret, url] of cases) {
    it(title, async () => {
      writeFileSync(join(dir, 'hook.ion.yaml'), `version: 1\nname: hook\nrequest:\n  method: GET\n  url: ${url}\n`);
      const io = fakeIO(dir, { ION_SECRET_HOOK: secret() });
      await main(['run', 'hook.ion.yaml', '--json'], io);
      const human = fakeIO(dir, { ION_SECRET_HOOK: secret() });
      await main(['run', 'hook.ion.yaml'], human);
      const all = io.stdout + io.stderr + human.stdout + human.stderr;
      assert.match(io.stdout, /"status": 200/, io.stdout.slice(0, 1000));
      for (const part of ['T0KEN', 'secret', 'PATH42', 'hooks/', 'base/']) assert.ok(!all.includes(part), `printed ${part}: ${all.slice(0, 1500)}`);
    });
  }
});
