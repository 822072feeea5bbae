/**
 * Hostile input to request.graphql's query file, paginate, rateLimit and the cache folder
 * (README "GraphQL", "Pagination", "Rate limits", "Caching responses"): every case ends fast with an
 * error or a diagnostic, never a hang, a read outside the integration's folder or a write through a link.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { lstat, mkdir, mkdtemp, readdir, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileCacheStore } from '../../src/core/cache';
import { graphqlQuery, MAX_GRAPHQL_QUERY_BYTES } from '../../src/core/engine/graphql';
import { deprecationLink, deprecationWarning } from '../../src/core/engine/deprecation';
import { parseLinkHeader } from '../../src/core/engine/link-header';
import { atPointer } from '../../src/core/engine/pointer';
import { IonError } from '../../src/core/errors';
import { integrationFromOperation, loadOpenApi } from '../../src/core/import';
import { systemClock } from '../../src/core/ports';
import { SlidingWindowLimiter } from '../../src/core/ratelimit';
import { parseIntegration } from '../../src/core/parse';
import { resolveTransformSource } from '../../src/core/transform';
import { docsCommand } from '../../src/cli/commands/docs';
import { reportCommand } from '../../src/cli/commands/report';
import { readRunLogAll } from '../../src/core/runlog';
import { importCommand } from '../../src/cli/commands/import';
import { UsageError } from '../../src/cli/args';
import { fakeIO } from '../helpers/cli-io';
import { runYaml } from '../helpers/engine';
import { json, startServer, type TestServer } from '../helpers/server';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const d = await realpath(await mkdtemp(join(tmpdir(), 'ion-hostile-')));
  dirs.push(d);
  return d;
}

const posix = process.platform !== 'win32';

/** Resolves with what `promise` settled to, or fails the test when it takes longer than `ms`. */
async function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still running after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe('security: hostile input to the request features', () => {
  after(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  describe('request.graphql.query.file stays in the integration folder', () => {
    const refused = (e: unknown) => e instanceof IonError && e.code === 'invalid_file' && e.hint.length > 0;

    it('refuses `..`, an absolute path and a link out; the outside file is never read', async () => {
      const root = await tempDir();
      const dir = join(root, 'project');
      await mkdir(dir);
      const secret = join(root, 'secret.txt');
      await writeFile(secret, 'TOP-SECRET');
      await symlink(secret, join(dir, 'linked.graphql'));
      const file = join(dir, 'x.ion.yaml');
      for (const bad of ['../secret.txt', secret, 'linked.graphql', '', '.']) {
        await assert.rejects(graphqlQuery({ query: { file: bad } }, file), (e: unknown) => refused(e) && !(e as Error).message.includes('TOP-SECRET'), bad);
      }
      await writeFile(join(dir, 'ok.graphql'), '\uFEFF{ viewer { id } }');
      assert.equal(await graphqlQuery({ query: { file: 'ok.graphql' } }, file), '{ viewer { id } }');
    });

    it('refuses a folder and a file above 1MB without reading it', async () => {
      const dir = await tempDir();
      await mkdir(join(dir, 'q.graphql'));
      await assert.rejects(graphqlQuery({ query: { file: 'q.graphql' } }, join(dir, 'x.ion.yaml')), refused);
      await writeFile(join(dir, 'big.graphql'), Buffer.alloc(MAX_GRAPHQL_QUERY_BYTES + 1, 0x20));
      await assert.rejects(graphqlQuery({ query: { file: 'big.graphql' } }, join(dir, 'x.ion.yaml')), (e: unknown) => refused(e) && /more than/.test((e as Error).message));
    });

    (posix ? it : it.skip)('a FIFO is refused at once (no wait for a writer), for the query file and transform.file alike', async function () {
      this.timeout(10_000);
      const dir = await tempDir();
      execFileSync('mkfifo', [join(dir, 'q.graphql'), join(dir, 't.js')]);
      // A blocking open of a FIFO would stall the event loop itself: `within` could not even fire.
      await within(2000, assert.rejects(graphqlQuery({ query: { file: 'q.graphql' } }, join(dir, 'x.ion.yaml')), refused));
      const source = resolveTransformSource(parseIntegration('version: 1\nname: t\nrequest: { url: "http://127.0.0.1:1/" }\ntransform: { file: t.js }\n'), dir);
      assert.ok(source && 'error' in source && /not a file/.test(source.error), JSON.stringify(source));
      assert.deepEqual((await readdir(dir)).sort(), ['q.graphql', 't.js']);
    });
  });

  describe('the cache folder and its files', () => {
    let server: TestServer;
    afterEach(async () => {
      await server?.close();
    });
    const yaml = (origin: string) => `version: 1\nname: cached\nrequest:\n  url: "${origin}/users"\ncache: { ttl: 60s }\n`;

    for (const linked of ['.ion', '.ion/cache']) {
      (posix ? it : it.skip)(`a \`${linked}\` link (checked into a repository) is never read or written through`, async () => {
        server = await startServer((_req, res) => json(res, 200, { n: 1 }, { etag: '"v1"' }));
        const cwd = await tempDir();
        const outside = await tempDir();
        if (linked === '.ion/cache') await mkdir(join(cwd, '.ion'));
        await symlink(outside, join(cwd, linked));
        const cache = new FileCacheStore(join(cwd, '.ion/cache'), { root: cwd });
        for (let i = 0; i < 2; i++) {
          const { result } = await runYaml(yaml(server.origin), { cache });
          assert.equal(result.ok, true);
          assert.notEqual(result.cache, 'hit', 'the run goes on without the cache');
        }
        assert.deepEqual(await readdir(outside), [], 'nothing was written where the link points');
        assert.equal(server.requests.length, 2);
      });
    }

    const hostileEntries: Array<[string, string | Buffer]> = [
      ['headers: null', '{"v":1,"storedAt":0,"status":200,"headers":null}\n{"n":666}'],
      ['headers: an array', '{"v":1,"storedAt":0,"status":200,"headers":["etag"]}\n{"n":666}'],
      ['a header that is not a string', '{"v":1,"storedAt":0,"status":200,"headers":{"etag":{"x":1}}}\n{"n":666}'],
      ['a __proto__ header', '{"v":1,"storedAt":0,"status":200,"headers":{"__proto__":{"polluted":"yes"},"etag":"\\"v1\\""}}\n{"n":666}'],
      ['a status out of range', '{"v":1,"storedAt":9e15,"status":-5,"headers":{}}\n{"n":666}'],
      ['truncated metadata', '{"v":1,"storedAt":0,"sta'],
      ['metadata that is null', 'null\n{"n":666}'],
    ];
    for (const [what, content] of hostileEntries) {
      it(`a corrupted entry (${what}) is ignored: the request is sent and the run succeeds`, async () => {
        server = await startServer((_req, res) => json(res, 200, { n: 1 }));
        const dir = await tempDir();
        const cache = new FileCacheStore(dir);
        assert.equal((await runYaml(yaml(server.origin), { cache })).result.cache, 'miss');
        const entries = (await readdir(dir)).filter((n) => n.endsWith('.entry'));
        assert.equal(entries.length, 1);
        await writeFile(join(dir, entries[0]), content);
        const { result } = await runYaml(yaml(server.origin), { cache });
        assert.equal(result.ok, true, JSON.stringify(result.errors));
        assert.deepEqual(result.output, { n: 1 });
        assert.equal(({} as Record<string, unknown>).polluted, undefined);
      });
    }

    (posix ? it : it.skip)('a FIFO or an oversized file under an entry name is skipped at once', async function () {
      this.timeout(10_000);
      server = await startServer((_req, res) => json(res, 200, { n: 1 }));
      const dir = await tempDir();
      const cache = new FileCacheStore(dir, { maxEntryBytes: 1024 });
      await runYaml(yaml(server.origin), { cache });
      const entry = (await readdir(dir)).find((n) => n.endsWith('.entry'))!;
      await rm(join(dir, entry));
      execFileSync('mkfifo', [join(dir, entry)]);
      const viaFifo = await within(3000, runYaml(yaml(server.origin), { cache }));
      assert.equal(viaFifo.result.ok, true);
      await rm(join(dir, entry));
      await writeFile(join(dir, entry), Buffer.alloc(4 * 1024 * 1024, 0x20));
      assert.equal(await cache.read(entry), undefined);
    });
  });

  describe('ion import postman and ion docs write only where they should', () => {
    const request = { method: 'GET', url: 'https://api.example.com/x' };
    const collection = (item: unknown[]) => JSON.stringify({ info: { name: 't', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' }, item });

    it('folders nested 100k levels deep are refused with a message, not a stack overflow', async () => {
      const dir = await tempDir();
      const n = 100_000;
      const deep = `${'{"name":"f","item":['.repeat(n)}{"name":"r","request":${JSON.stringify(request)}}${']}'.repeat(n)}`;
      await writeFile(join(dir, 'deep.json'), `{"info":{"name":"t"},"item":[${deep}]}`);
      await assert.rejects(importCommand(['postman', 'deep.json', '--out', 'o'], fakeIO(dir)), (e: unknown) => e instanceof UsageError && /nested more than \d+ levels/.test(e.message));
      assert.equal((await readdir(dir)).includes('o'), false);
    });

    it('names with `../`, `..`, 400 characters or an integration suffix make files inside --out', async () => {
      const dir = await tempDir();
      const names = ['../../../evil', '..', 'a'.repeat(400), 'Evil.ION.yaml', '/etc/passwd', 'C:\\Windows\\x', 'same', 'SAME'];
      await writeFile(join(dir, 'c.json'), collection(names.map((name) => ({ name, request }))));
      const io = fakeIO(dir);
      assert.equal(await importCommand(['postman', 'c.json', '--out', 'out'], io), 0, io.stderr);
      const written = await readdir(join(dir, 'out'));
      assert.equal(written.length, names.length);
      for (const f of written) assert.ok(f.endsWith('.ion.yaml') && f.length <= 120 && !f.startsWith('.'), f);
      assert.deepEqual((await readdir(dir)).sort(), ['c.json', 'out']);
    });

    (posix ? it : it.skip)('a dangling link under a file name in --out is refused, never written through', async () => {
      const dir = await tempDir();
      const outside = await tempDir();
      await mkdir(join(dir, 'out'));
      await symlink(join(outside, 'planted.txt'), join(dir, 'out', 'r.ion.yaml'));
      await writeFile(join(dir, 'c.json'), collection([{ name: 'r', request }]));
      await assert.rejects(importCommand(['postman', 'c.json', '--out', 'out'], fakeIO(dir)), UsageError);
      assert.deepEqual(await readdir(outside), []);
    });

    (posix ? it : it.skip)('ion docs does not write through a NAME.md link, and a folder there is an error, not a crash', async () => {
      const dir = await tempDir();
      const outside = await tempDir();
      const victim = join(outside, 'victim.txt');
      await writeFile(victim, 'precious\n');
      const yaml = 'version: 1\nname: a\nrequest:\n  url: https://api.example.com/a\n';
      await writeFile(join(dir, 'a.ion.yaml'), yaml);
      await writeFile(join(dir, 'b.ion.yaml'), yaml.replace('name: a', 'name: b'));
      await symlink(victim, join(dir, 'a.md'));
      await mkdir(join(dir, 'b.md'));
      const io = fakeIO(dir);
      const code = await docsCommand(['a.ion.yaml', 'b.ion.yaml'], io);
      assert.notEqual(code, 0);
      assert.match(io.stderr, /a\.md: cannot write/);
      assert.match(io.stderr, /b\.md: cannot write/);
      assert.equal(await readFile(victim, 'utf8'), 'precious\n');
      assert.ok((await lstat(join(dir, 'a.md'))).isSymbolicLink());
    });
  });

  describe('paginate against a list that never ends', () => {
    let server: TestServer;
    afterEach(async () => {
      await server?.close();
    });

    const cases: Array<[string, string, (url: string) => unknown, Record<string, string>?]> = [
      ['a cursor that never changes', 'style: cursor, items: /data, next: /next, param: after', () => ({ data: [1], next: 'same' })],
      ['a Link that points at the same page', 'style: link', () => [1], { link: '</list?page=2>; rel="next"' }],
      ['a Link that points back at the first page', 'style: link', () => [1], { link: '</list>; rel="next"' }],
      ['a page number the API ignores', 'style: page, param: page', () => [1, 2]],
      ['an offset the API ignores', 'style: offset, param: offset', () => [1, 2]],
    ];
    for (const [what, spec, body, headers] of cases) {
      it(`${what} (maxPages: 1e9) fails at once with validation_failed, naming the page`, async () => {
        server = await startServer((_req, res) => json(res, 200, body(_req.url ?? ''), headers));
        const { result } = await within(10_000, runYaml(`version: 1\nname: p\nrequest: { url: "${server.origin}/list" }\npaginate: { ${spec}, maxPages: 1000000000 }\n`));
        assert.equal(result.ok, false);
        assert.equal(result.errors[0].code, 'validation_failed');
        assert.match(result.errors[0].message, /page \d+: .*does not advance/);
        assert.ok(server.requests.length <= 3, `${server.requests.length} requests`);
      });
    }

    it('pathological Link headers parse in linear time, with no prototype keys', () => {
      const huge = [`<https://a/${'x'.repeat(100_000)}>`, ...Array.from({ length: 100_000 }, (_, i) => `p${i}="v"`), '__proto__="x"', 'constructor=y', 'rel=next'].join('; ');
      const unterminated = `<${'<'.repeat(200_000)}`;
      const quotes = `<https://a/>; rel="${'\\"'.repeat(100_000)}`;
      const commas = `${',<x>;'.repeat(100_000)}`;
      const started = Date.now();
      const [link] = parseLinkHeader(huge);
      assert.deepEqual(link.rels, ['next']);
      assert.equal(Object.getPrototypeOf(link.params), Object.prototype);
      assert.equal(({} as Record<string, unknown>).x, undefined);
      assert.deepEqual(parseLinkHeader(unterminated), []);
      parseLinkHeader(quotes);
      assert.equal(parseLinkHeader(commas).length, 100_000);
      assert.ok(Date.now() - started < 2000, `${Date.now() - started} ms`);
    });

    it('pointers: `__proto__`, `constructor`, `-1` on an empty array and indexes on non-arrays find nothing', () => {
      const doc = JSON.parse('{"a":{"__proto__":{"x":1}},"list":[],"s":"text","n":5}');
      assert.deepEqual(atPointer(doc, '/a/__proto__'), { x: 1 }, 'an own key named __proto__ is read as data');
      assert.equal(atPointer({}, '/__proto__'), undefined);
      assert.equal(atPointer({}, '/constructor'), undefined);
      assert.equal(atPointer({}, '/toString'), undefined);
      assert.equal(atPointer(doc, '/list/-1'), undefined);
      assert.equal(atPointer(doc, '/list/-0'), undefined);
      assert.equal(atPointer(doc, '/s/0'), undefined);
      assert.equal(atPointer(doc, '/s/length'), undefined);
      assert.equal(atPointer(doc, '/n/0'), undefined);
      assert.equal(atPointer([1, 2], '/99999999999999999999'), undefined);
    });
  });

  describe('rateLimit waits longer than a timer can hold', () => {
    it('a wait past 2^31-1 ms (a window of weeks) is not cut to 1 ms, and cancelling it ends it at once', async () => {
      const limiter = new SlidingWindowLimiter({ requests: 1, perMs: 30 * 24 * 3600 * 1000 });
      const ac = new AbortController();
      // The real clock, counting its sleeps: a timer cut to 1 ms would wake the limiter ~200 times.
      let sleeps = 0;
      const clock = { now: systemClock.now, sleep: (ms: number, signal?: AbortSignal) => (sleeps++, systemClock.sleep(ms, signal)) };
      assert.equal(await limiter.acquire(clock, ac.signal), 0);
      let settled = false;
      const second = limiter.acquire(clock, ac.signal).finally(() => (settled = true));
      second.catch(() => undefined);
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(settled, false, 'the second send waits for the window, it does not go at once');
      assert.equal(sleeps, 1, 'one sleep for the whole wait, no busy loop');
      const started = Date.now();
      ac.abort();
      await assert.rejects(second, (e: unknown) => e instanceof IonError && e.code === 'cancelled');
      assert.ok(Date.now() - started < 500);
    });
  });

  describe('ion import openapi with a hostile description', () => {
    const head = 'openapi: 3.0.0\ninfo: { title: t, version: "1" }\nservers: [{ url: "https://api.example.com" }]\n';
    const op = (media: string) => `paths:\n  /x:\n    post:\n      operationId: op\n      requestBody:\n        content:\n          application/json:\n${media}\n      responses:\n        "200":\n          description: ok\n`;

    it('a $ref to a file outside the description folder (or through a link) is refused and never copied', async () => {
      const root = await tempDir();
      await mkdir(join(root, 'api'));
      await writeFile(join(root, 'secret.json'), '{"token":"TOP-SECRET"}');
      await symlink(join(root, 'secret.json'), join(root, 'api', 'linked.json'));
      for (const ref of ['../secret.json', join(root, 'secret.json'), 'linked.json']) {
        const file = join(root, 'api', 'd.yaml');
        await writeFile(file, head + op(`            example: { $ref: "${ref}" }`));
        await assert.rejects(loadOpenApi(file), (e: unknown) => e instanceof Error && /description's folder|symbolic link/.test(e.message) && !e.message.includes('TOP-SECRET'), ref);
      }
      await writeFile(join(root, 'api', 'inside.json'), '{"n":1}');
      await writeFile(join(root, 'api', 'ok.yaml'), head + op('            example: { $ref: "inside.json" }'));
      assert.match(integrationFromOperation(await loadOpenApi(join(root, 'api', 'ok.yaml')), 'op').yaml, /n: 1/);
    });

    it('YAML alias bombs in an example and in a schema import in seconds, cut and not expanded', async function () {
      this.timeout(30_000);
      const dir = await tempDir();
      const bomb = (name: string, leaf: string, wrap: (inner: string) => string) => {
        const lines = [`x-${name}0: &${name}0 ${leaf}`];
        for (let i = 1; i <= 11; i++) lines.push(`x-${name}${i}: &${name}${i} ${wrap(Array.from({ length: 10 }, (_, k) => `p${k}: *${name}${i - 1}`).join(', '))}`);
        return lines.join('\n');
      };
      const examples = bomb('e', '{ v: 1 }', (inner) => `{ ${inner} }`);
      const schemas = bomb('s', '{ type: string }', (inner) => `{ type: object, properties: { ${inner} } }`);
      await writeFile(join(dir, 'e.yaml'), `${head}${examples}\n${op('            example: *e11')}`);
      await writeFile(join(dir, 's.yaml'), `${head}${schemas}\n${op('            schema: *s11')}`);
      for (const f of ['e.yaml', 's.yaml']) {
        const started = Date.now();
        const result = integrationFromOperation(await loadOpenApi(join(dir, f)), 'op');
        assert.ok(Date.now() - started < 15_000, `${f}: ${Date.now() - started} ms`);
        assert.ok(result.yaml.length < 4 * 1024 * 1024, `${f}: ${result.yaml.length} bytes`);
      }
    });
  });

  describe('Sunset and Deprecation headers', () => {
    it('garbage and 1MB headers give a warning or none, in linear time', () => {
      const n = 1024 * 1024;
      const started = Date.now();
      assert.equal(deprecationLink('<'.repeat(n)), undefined);
      assert.equal(deprecationLink(`<https://a/x>; rel="${'x '.repeat(n / 2)}sunset"`), 'https://a/x');
      assert.equal(deprecationLink('<https://a/old>; rel="next", <https://a/doc>; REL="Deprecation"'), 'https://a/doc');
      for (const deprecation of ['@' + '9'.repeat(400), '@-99999999999999', 'garbage', '', '\u0000', 'Sun, 99 Foo 99999 99:99:99 GMT']) {
        const w = deprecationWarning({ deprecation, sunset: 'x'.repeat(n), link: '<'.repeat(n) }, Date.UTC(2026, 0, 1));
        assert.ok(w === undefined || (w.code === 'deprecated' && w.message.length < 1000), deprecation);
      }
      assert.ok(Date.now() - started < 3000, `${Date.now() - started} ms`);
    });
  });

  describe('ion report over a hostile run log', () => {
    (posix ? it : it.skip)('rotated files that are links (to /dev/zero, a FIFO, a file outside) or a FIFO are not read, and said so', async function () {
      this.timeout(15_000);
      const dir = await tempDir();
      const outside = await tempDir();
      const good = JSON.stringify({ ts: '2026-01-01T00:00:00.000Z', integration: 'a', file: 'a.ion.yaml', environment: null, trigger: 'manual', ok: true, status: 200, attempts: 1, durationMs: 5, errorCode: null });
      await mkdir(join(dir, '.ion'));
      await writeFile(join(outside, 'other.jsonl'), `${good}\n`);
      execFileSync('mkfifo', [join(outside, 'fifo'), join(dir, '.ion', 'runs.4.jsonl')]);
      await symlink('/dev/zero', join(dir, '.ion', 'runs.1.jsonl'));
      await symlink(join(outside, 'fifo'), join(dir, '.ion', 'runs.2.jsonl'));
      await symlink(join(outside, 'other.jsonl'), join(dir, '.ion', 'runs.3.jsonl'));
      const hostile = ['{"__proto__":{"polluted":1},"ts":"2026-01-01T00:00:00.000Z"}', 'x'.repeat(1024 * 1024), '{"ts":5}', '[]', 'null', good.replace('"ok":true', '"ok":"yes"')];
      await writeFile(join(dir, '.ion', 'runs.jsonl'), `${hostile.join('\n')}\n${good}\n{"torn`);
      const read = await within(5000, readRunLogAll(join(dir, '.ion', 'runs.jsonl')));
      assert.equal(read.entries.length, 1);
      assert.equal(read.skipped, hostile.length + 1);
      assert.equal(read.refused?.length, 4);
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
      const io = fakeIO(dir);
      assert.equal(await within(5000, reportCommand(['--json', '--since', '3650d'], io)), 0);
      assert.match(io.stderr, /runs\.1\.jsonl is not a regular file/);
      await assert.rejects(reportCommand(['--since', 'garbage'], fakeIO(dir)), UsageError);
    });
  });
});
