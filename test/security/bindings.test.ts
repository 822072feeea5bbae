/**
 * One rule for every spelling of a secret (`NAME`, `NAME@env`, `NAME__ENV`): the base name's origin
 * binding applies, and a per-environment binding may only narrow it.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { cliSecretSource } from '../../src/cli/secrets';
import { secretBaseName, splitSecretName } from '../../src/core/secrets';
import { editorSecretSource, type OriginStore } from '../../src/extension/secrets/origin-source';
import { startServer, type TestServer } from '../helpers/server';
import { fakeIO } from './masking-forms';
import { loadTsxEsm } from '../helpers/cli-io';

const API = 'https://api.example.com';
const EVIL = 'https://evil.example.com';

describe('security: secret bindings for every spelling', () => {
  it('splits NAME@env and NAME__ENV into the base name', () => {
    assert.deepEqual(splitSecretName('tok@prod'), { base: 'tok', environment: 'prod' });
    assert.deepEqual(splitSecretName('tok__prod'), { base: 'tok', environment: 'prod' });
    assert.deepEqual(splitSecretName('tok'), { base: 'tok' });
    assert.equal(secretBaseName('my-token@acme'), 'my-token');
  });

  it('CLI: {{ secret.tok__prod }} is bound by ION_SECRET_TOK_ORIGINS', async () => {
    const s = cliSecretSource({ ION_SECRET_TOK__PROD: 'v', ION_SECRET_TOK_ORIGINS: API });
    assert.equal(await s.allowOrigin('tok__prod', API), true);
    assert.equal(await s.allowOrigin('tok__prod', EVIL), false);
    assert.equal(await s.allowOrigin('tok--prod', EVIL), false, '`-` spells `_` in the variable name');
    assert.equal(await s.allowOrigin('tok', EVIL, 'prod'), false);
  });

  it('CLI: a per-environment binding narrows the base binding and never widens it', async () => {
    const narrow = cliSecretSource({ ION_SECRET_TOK_ORIGINS: `${API},${EVIL}`, ION_SECRET_TOK__PROD_ORIGINS: API });
    assert.equal(await narrow.allowOrigin('tok', EVIL, 'prod'), false);
    assert.equal(await narrow.allowOrigin('tok__prod', EVIL), false);
    assert.equal(await narrow.allowOrigin('tok', API, 'prod'), true);
    assert.equal(await narrow.allowOrigin('tok', EVIL, 'dev'), true);
    const widen = cliSecretSource({ ION_SECRET_TOK_ORIGINS: API, ION_SECRET_TOK__PROD_ORIGINS: EVIL });
    assert.equal(await widen.allowOrigin('tok', EVIL, 'prod'), false);
    assert.equal(await widen.allowOrigin('tok__prod', EVIL), false);
  });

  it('editor: NAME, NAME@env and NAME__ENV share the binding remembered for NAME', async () => {
    const remembered = new Map<string, string[]>([['tok', [API]]]);
    const store: OriginStore = {
      get: async () => 'v',
      origins: (name) => remembered.get(name) ?? [],
      rememberOrigin: async (name, origin) => void remembered.set(name, [...(remembered.get(name) ?? []), origin]),
    };
    const asked: string[] = [];
    const source = editorSecretSource(store, () => async (secret, origin) => {
      asked.push(`${secret} ${origin}`);
      return 'always';
    });
    for (const spelling of ['tok', 'tok@prod', 'tok__prod']) assert.equal(await source.allowOrigin(spelling, API), true);
    assert.deepEqual(asked, [], 'the base binding answers for every spelling');
    await source.allowOrigin('tok__prod', EVIL);
    assert.deepEqual(remembered.get('tok'), [API, EVIL], '"Always" is remembered for the base name');
  });

  describe('ion run', function () {
    this.timeout(30_000);
    before(loadTsxEsm);
    let server: TestServer;
    let dir: string;
    before(async () => {
      server = await startServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{}');
      });
      dir = mkdtempSync(join(tmpdir(), 'ion-bind-'));
      writeFileSync(join(dir, 'b.ion.yaml'), `version: 1\nname: b\nrequest:\n  url: "${server.origin}/x"\n  headers: { X-K: "{{ secret.tok__prod }}" }\n`);
    });
    after(async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('refuses {{ secret.tok__prod }} to an origin ION_SECRET_TOK_ORIGINS does not list; nothing sent', async () => {
      const io = fakeIO(dir, { ION_SECRET_TOK__PROD: 'Sk7qvalue', ION_SECRET_TOK_ORIGINS: 'https://api.example.com' });
      assert.equal(await main(['run', 'b.ion.yaml'], io), 1);
      assert.match(io.stdout, /secret_blocked/);
      assert.equal(server.requests.length, 0);
      const ok = fakeIO(dir, { ION_SECRET_TOK__PROD: 'Sk7qvalue', ION_SECRET_TOK_ORIGINS: server.origin });
      assert.equal(await main(['run', 'b.ion.yaml'], ok), 0, ok.stdout);
    });
  });
});
