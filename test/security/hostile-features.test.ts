/**
 * Hostile input to request.graphql's query file, paginate, rateLimit and the cache folder
 * (README "GraphQL", "Pagination", "Rate limits", "Caching responses"): every case ends fast with an
 * error or a diagnostic, never a hang, a read outside the integration's folder or a write through a link.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { graphqlQuery, MAX_GRAPHQL_QUERY_BYTES } from '../../src/core/engine/graphql';
import { IonError } from '../../src/core/errors';
import { parseIntegration } from '../../src/core/parse';
import { resolveTransformSource } from '../../src/core/transform';

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
});
