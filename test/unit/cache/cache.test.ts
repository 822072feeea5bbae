import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileCacheStore } from '../../../src/core/cache';
import { fakeClock } from '../../helpers/clock';
import { mapSecrets, runYaml } from '../../helpers/engine';
import { json, startServer, type TestServer } from '../../helpers/server';
import { findLeak } from '../../security/masking-forms';

const file = (url: string, extra = '', cache = 'cache: { ttl: 60s, conditional: true }') => `version: 1
name: cached
request:
  url: "${url}"
${extra}
${cache}
`;

describe('cache: responses reused, revalidated and bounded', () => {
  let server: TestServer;
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ion-cache-'));
  });
  afterEach(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a fresh entry is reused without a request; after ttl a 304 reuses the body', async () => {
    let version = 1;
    server = await startServer((req, res) => {
      const etag = `"v${version}"`;
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, { etag });
        res.end();
        return;
      }
      json(res, 200, { n: version }, { etag, 'last-modified': 'Mon, 01 Jan 2024 00:00:00 GMT' });
    });
    const cache = new FileCacheStore(dir);
    const clock = fakeClock();
    const yaml = file(`${server.origin}/users`);
    const first = await runYaml(yaml, { cache, clock });
    assert.equal(first.result.cache, 'miss');
    assert.deepEqual(first.result.output, { n: 1 });
    assert.equal(server.requests.length, 1);

    clock.advance(30_000);
    const second = await runYaml(yaml, { cache, clock });
    assert.equal(second.result.cache, 'hit');
    assert.deepEqual(second.result.output, { n: 1 });
    assert.deepEqual(second.result.attempts, []);
    assert.equal(server.requests.length, 1, 'a fresh entry sends nothing');

    clock.advance(60_000);
    const third = await runYaml(yaml, { cache, clock });
    assert.equal(third.result.cache, 'revalidated');
    assert.equal(third.result.ok, true);
    assert.equal(third.result.response?.status, 200);
    assert.deepEqual(third.result.output, { n: 1 });
    assert.equal(server.requests.length, 2);
    assert.equal(server.requests[1].headers['if-none-match'], '"v1"');
    assert.equal(server.requests[1].headers['if-modified-since'], 'Mon, 01 Jan 2024 00:00:00 GMT');

    // Revalidated: fresh again for another ttl.
    clock.advance(10_000);
    assert.equal((await runYaml(yaml, { cache, clock })).result.cache, 'hit');
    assert.equal(server.requests.length, 2);

    // A changed resource: the 200 replaces the entry.
    version = 2;
    clock.advance(61_000);
    const changed = await runYaml(yaml, { cache, clock });
    assert.equal(changed.result.cache, 'miss');
    assert.deepEqual(changed.result.output, { n: 2 });
    clock.advance(1000);
    assert.deepEqual((await runYaml(yaml, { cache, clock })).result.output, { n: 2 });
    assert.equal(server.requests.length, 3);
  });

  it('conditional: false fetches again after ttl; no validators means a plain request', async () => {
    server = await startServer((req, res) => json(res, 200, { ok: true }, { etag: '"a"' }));
    const cache = new FileCacheStore(dir);
    const clock = fakeClock();
    const yaml = file(`${server.origin}/x`, '', 'cache: { ttl: 10s, conditional: false }');
    await runYaml(yaml, { cache, clock });
    clock.advance(11_000);
    const r = await runYaml(yaml, { cache, clock });
    assert.equal(r.result.cache, 'miss');
    assert.equal(server.requests[1].headers['if-none-match'], undefined);
  });

  it('Cache-Control: no-store is never stored', async () => {
    server = await startServer((req, res) => json(res, 200, { t: server.requests.length }, { 'cache-control': 'private, no-store' }));
    const cache = new FileCacheStore(dir);
    const yaml = file(`${server.origin}/live`);
    await runYaml(yaml, { cache });
    const again = await runYaml(yaml, { cache });
    assert.equal(again.result.cache, 'miss');
    assert.equal(server.requests.length, 2);
    assert.deepEqual(readdirSync(dir).filter((n) => n.endsWith('.entry')), []);
  });

  it('Vary: the varied request header is part of the key', async () => {
    server = await startServer((req, res) => json(res, 200, { lang: req.headers['accept-language'] }, { vary: 'Accept-Language' }));
    const cache = new FileCacheStore(dir);
    const yaml = file(`${server.origin}/v`, '  headers: { Accept-Language: "{{ input.lang }}" }');
    const en = await runYaml(yaml, { cache, input: { lang: 'en' } });
    const fr = await runYaml(yaml, { cache, input: { lang: 'fr' } });
    assert.equal(en.result.cache, 'miss');
    assert.equal(fr.result.cache, 'miss', 'another Accept-Language is another entry');
    const en2 = await runYaml(yaml, { cache, input: { lang: 'en' } });
    const fr2 = await runYaml(yaml, { cache, input: { lang: 'fr' } });
    assert.equal(en2.result.cache, 'hit');
    assert.deepEqual(en2.result.output, { lang: 'en' });
    assert.equal(fr2.result.cache, 'hit');
    assert.deepEqual(fr2.result.output, { lang: 'fr' });
    assert.equal(server.requests.length, 2);
  });

  it('Vary: * is not stored; POST is never cached', async () => {
    server = await startServer((req, res) => json(res, 200, {}, req.method === 'GET' ? { vary: '*' } : {}));
    const cache = new FileCacheStore(dir);
    await runYaml(file(`${server.origin}/star`), { cache });
    assert.equal((await runYaml(file(`${server.origin}/star`), { cache })).result.cache, 'miss');
    const post = file(`${server.origin}/p`, '  method: POST\n  body: { a: 1 }');
    await runYaml(post, { cache });
    const p2 = await runYaml(post, { cache });
    assert.equal(p2.result.cache, undefined);
    assert.equal(server.requests.length, 4);
  });

  it('noCache (--no-cache) reads nothing but stores the fresh response', async () => {
    server = await startServer((req, res) => json(res, 200, { n: server.requests.length }));
    const cache = new FileCacheStore(dir);
    const yaml = file(`${server.origin}/n`);
    await runYaml(yaml, { cache });
    const bypass = await runYaml(yaml, { cache, noCache: true });
    assert.equal(bypass.result.cache, 'miss');
    assert.deepEqual(bypass.result.output, { n: 2 });
    const after = await runYaml(yaml, { cache });
    assert.equal(after.result.cache, 'hit');
    assert.deepEqual(after.result.output, { n: 2 });
    assert.equal(server.requests.length, 2);
  });

  it('without a store (fixture tests) nothing is cached and the result has no cache field', async () => {
    server = await startServer((req, res) => json(res, 200, {}));
    const r = await runYaml(file(`${server.origin}/none`));
    await runYaml(file(`${server.origin}/none`));
    assert.equal(r.result.cache, undefined);
    assert.equal(server.requests.length, 2);
  });

  it('two different secrets never share an entry; secrets are absent from keys and files', async () => {
    const secretA = 'Sk7qAlpha/+ =&?token-one';
    const secretB = 'Sk7qBravo/+ =&?token-two';
    server = await startServer((req, res) =>
      json(res, 200, { who: req.headers['authorization'], q: req.url, echo: String(req.headers['x-key']) }, { 'x-echo': String(req.headers['x-key']), etag: '"e"' }),
    );
    const cache = new FileCacheStore(dir);
    const yaml = `version: 1
name: cached
auth: { type: bearer, token: "{{ secret.api_token }}" }
request:
  url: "${server.origin}/me?key={{ secret.api_token }}"
  headers: { X-Key: "{{ secret.api_token }}" }
cache: { ttl: 60s }
`;
    const a = await runYaml(yaml, { cache, secrets: mapSecrets({ api_token: secretA }) });
    const b = await runYaml(yaml, { cache, secrets: mapSecrets({ api_token: secretB }) });
    assert.equal(a.result.cache, 'miss');
    assert.equal(b.result.cache, 'miss', 'another secret is another entry');
    const a2 = await runYaml(yaml, { cache, secrets: mapSecrets({ api_token: secretA }) });
    assert.equal(a2.result.cache, 'hit');
    assert.equal(server.requests.length, 2);
    const names = readdirSync(dir);
    assert.ok(names.filter((n) => n.endsWith('.entry')).length === 2, names.join(' '));
    for (const name of names) {
      for (const s of [secretA, secretB]) {
        assert.equal(findLeak(name, s), undefined, `file name ${name}`);
        const text = readFileSync(join(dir, name)).toString('latin1');
        const utf8 = readFileSync(join(dir, name)).toString('utf8');
        assert.equal(findLeak(utf8, s), undefined, `${name} holds a form of the secret`);
        assert.equal(findLeak(text, s), undefined, `${name} holds a form of the secret`);
      }
      if (process.platform !== 'win32') assert.equal(statSync(join(dir, name)).mode & 0o777, 0o600, name);
    }
    // The hit's output is what the first run reported (secrets masked), not the secret.
    assert.equal(findLeak(JSON.stringify(a2.result), secretA), undefined);
  });

  it('a secret only in a header still keeps two secrets apart', async () => {
    server = await startServer((req, res) => json(res, 200, { key: req.headers['x-api-key'] }));
    const cache = new FileCacheStore(dir);
    const yaml = file(`${server.origin}/h`, '  headers: { X-Api-Key: "{{ secret.api_key }}" }');
    const a = await runYaml(yaml, { cache, secrets: mapSecrets({ api_key: 'Sk7qKeyOne-111' }) });
    const b = await runYaml(yaml, { cache, secrets: mapSecrets({ api_key: 'Sk7qKeyTwo-222' }) });
    assert.equal(a.result.cache, 'miss');
    assert.equal(b.result.cache, 'miss');
    assert.equal((await runYaml(yaml, { cache, secrets: mapSecrets({ api_key: 'Sk7qKeyOne-111' }) })).result.cache, 'hit');
    assert.equal(server.requests.length, 2);
  });

  it('the store stays within its size bound, evicting the least recently used', async () => {
    server = await startServer((req, res) => json(res, 200, { pad: 'x'.repeat(3000), path: req.url }));
    const cache = new FileCacheStore(dir, { maxTotalBytes: 8000, maxEntryBytes: 5000 });
    const clock = fakeClock();
    const run = (p: string) => runYaml(file(`${server.origin}/${p}`), { cache, clock });
    await run('a');
    await new Promise((r) => setTimeout(r, 20));
    await run('b');
    await new Promise((r) => setTimeout(r, 20));
    assert.equal((await run('a')).result.cache, 'hit'); // a is now the most recently used
    await new Promise((r) => setTimeout(r, 20));
    await run('c');
    await new Promise((r) => setTimeout(r, 20));
    const total = readdirSync(dir)
      .filter((n) => /\.(entry|vary)$/.test(n))
      .reduce((n, f) => n + statSync(join(dir, f)).size, 0);
    assert.ok(total <= 8000, `total ${total}`);
    assert.equal((await run('a')).result.cache, 'hit', 'the recently used entry stays');
    assert.equal((await run('b')).result.cache, 'miss', 'the least recently used entry went');
    // An entry past maxEntryBytes is not stored at all.
    const big = await startServer((req, res) => json(res, 200, { pad: 'y'.repeat(8000) }));
    try {
      await runYaml(file(`${big.origin}/big`), { cache, clock });
      assert.equal((await runYaml(file(`${big.origin}/big`), { cache, clock })).result.cache, 'miss');
    } finally {
      await big.close();
    }
  });

  it('a response the run rejects (validate.response) is not stored', async () => {
    let good = false;
    server = await startServer((req, res) => json(res, 200, good ? { id: 1 } : { nope: true }));
    const cache = new FileCacheStore(dir);
    const yaml = file(`${server.origin}/checked`, 'validate:\n  response: { type: object, required: [id] }');
    const bad = await runYaml(yaml, { cache });
    assert.equal(bad.result.ok, false);
    good = true;
    const next = await runYaml(yaml, { cache });
    assert.equal(next.result.cache, 'miss', 'the rejected body was not reused');
    assert.equal(next.result.ok, true);
    assert.equal((await runYaml(yaml, { cache })).result.cache, 'hit');
    assert.equal(server.requests.length, 2);
  });

  it('an unusable cache folder never fails the run', async () => {
    server = await startServer((req, res) => json(res, 200, { ok: 1 }));
    const blocker = join(dir, 'file');
    writeFileSync(blocker, 'x');
    const cache = new FileCacheStore(join(blocker, 'cache'));
    const r = await runYaml(file(`${server.origin}/ok`), { cache });
    assert.equal(r.result.ok, true);
    assert.ok(r.result.logs.some((l) => l.startsWith('[ion] cache:')), r.result.logs.join('\n'));
  });
});
