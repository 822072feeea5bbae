import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { fakeIO, loadTsxEsm } from '../../helpers/cli-io';
import { json, startServer, type TestServer } from '../../helpers/server';

describe('cli: ion run with cache, --no-cache and deprecation warnings', () => {
  before(loadTsxEsm);
  let server: TestServer;
  let dir: string;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ion-cli-cache-'));
    server = await startServer((req, res) =>
      json(res, 200, { n: server.requests.length }, { etag: '"1"', sunset: 'Sat, 31 Dec 2044 23:59:59 GMT', link: '<https://docs.example/v2>; rel="sunset"' }),
    );
    writeFileSync(join(dir, 'c.ion.yaml'), `version: 1\nname: c\nrequest:\n  url: "${server.origin}/items"\ncache: { ttl: 1h }\n`);
  });
  afterEach(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the second run says "from cache" and sends nothing; --no-cache sends again', async () => {
    const first = fakeIO(dir);
    assert.equal(await main(['run', 'c.ion.yaml'], first), 0, first.stderr);
    assert.doesNotMatch(first.stdout, /from cache/);
    assert.match(first.stdout, /warning deprecated: the API marks this endpoint to be removed on 2044-12-31 \(Sunset header\); see https:\/\/docs\.example\/v2/);
    assert.ok(existsSync(join(dir, '.ion', 'cache')));

    const second = fakeIO(dir);
    assert.equal(await main(['run', 'c.ion.yaml', '--json'], second), 0);
    const result = JSON.parse(second.stdout);
    assert.equal(result.cache, 'hit');
    assert.deepEqual(result.output, { n: 1 });
    assert.equal(result.warnings[0].code, 'deprecated');
    assert.equal(result.warnings[0].date, '2044-12-31T23:59:59.000Z');
    assert.equal(server.requests.length, 1);

    const human = fakeIO(dir);
    await main(['run', 'c.ion.yaml'], human);
    assert.match(human.stdout, /from cache: nothing was sent/);

    const bypass = fakeIO(dir);
    assert.equal(await main(['run', 'c.ion.yaml', '--no-cache', '--json'], bypass), 0);
    assert.equal(JSON.parse(bypass.stdout).cache, 'miss');
    assert.equal(server.requests.length, 2);

    // The run log line carries the deprecation.
    const lines = readFileSync(join(dir, '.ion', 'runs.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(lines.length, 4);
    assert.deepEqual(lines[0].deprecation, { message: 'the API marks this endpoint to be removed on 2044-12-31 (Sunset header); see https://docs.example/v2', date: '2044-12-31T23:59:59.000Z' });
  });
});

describe('cli: the human output of cache states and warnings', () => {
  it('says "revalidated (304)" and prints each warning', async () => {
    const { renderRunResult, style } = await import('../../../src/cli/render/run-result');
    const base = { ok: true, name: 'n', file: 'f', environment: null, durationMs: 1, request: null, attempts: [], output: 1, logs: [], validation: [], errors: [] };
    const response = { status: 200, headers: {}, sizeBytes: 1, body: '1', truncated: false };
    const text = renderRunResult({ ...base, response, cache: 'revalidated', warnings: [{ code: 'deprecated', message: 'gone soon', date: '2030-01-01T00:00:00.000Z' }, { code: 'max_pages', message: 'stopped' }] }, style(false));
    assert.match(text, /revalidated \(304\): the cached body was reused/);
    assert.match(text, /warning deprecated: gone soon\nwarning max_pages: stopped/);
    assert.doesNotMatch(renderRunResult({ ...base, response, cache: 'miss' }, style(false)), /cache/);
  });
});
