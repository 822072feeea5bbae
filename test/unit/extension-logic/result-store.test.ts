import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultRunHooks } from '../../../src/core/engine/default-hooks';
import type { RunLogEntry, RunResult } from '../../../src/core/result';
import { BODY_LIMIT, cutUtf8, RESULTS_KEPT, ResultStore } from '../../../src/extension/history/result-store';
import { findLeak } from '../../security/masking-forms';
import { mapSecrets, runYaml } from '../../helpers/engine';
import { json, startServer, type TestServer } from '../../helpers/server';

function entry(i: number, over: Partial<RunLogEntry> = {}): RunLogEntry {
  return {
    ts: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    integration: 'orders',
    file: '/w/orders.ion.yaml',
    environment: 'dev',
    trigger: 'manual',
    ok: true,
    status: 200,
    attempts: 1,
    durationMs: 10 + i,
    errorCode: null,
    runId: `run-${i}`,
    ...over,
  };
}

function result(body: string, over: Partial<RunResult> = {}): RunResult {
  return {
    ok: true,
    name: 'orders',
    file: '/w/orders.ion.yaml',
    environment: 'dev',
    durationMs: 10,
    request: { method: 'GET', url: 'http://127.0.0.1/x', headers: {} },
    attempts: [{ status: 200, durationMs: 10, waitMs: 0 }],
    response: { status: 200, headers: {}, sizeBytes: Buffer.byteLength(body), body, truncated: false },
    output: { n: 1 },
    logs: [],
    validation: [],
    errors: [],
    ...over,
  };
}

describe('editor: stored run results (src/extension/history/result-store.ts)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ion-results-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it(`keeps the newest ${RESULTS_KEPT} results per integration, survives a new store (reload), one file per integration`, async () => {
    const store = new ResultStore(dir);
    // Written concurrently: the per-integration queue must not lose any of them.
    await Promise.all(Array.from({ length: 25 }, (_, i) => store.put(entry(i), result(`body ${i}`))));
    await store.put(entry(0, { integration: 'other', file: '/w/other.ion.yaml', runId: 'o-1' }), result('other'));
    const again = new ResultStore(dir);
    const runs = await again.list('orders', '/w/orders.ion.yaml');
    assert.equal(runs.length, RESULTS_KEPT);
    assert.deepEqual(runs.map((r) => r.runId), Array.from({ length: 20 }, (_, i) => `run-${i + 5}`));
    assert.equal((await again.get('orders', '/w/orders.ion.yaml', 'run-24'))?.result.response?.body, 'body 24');
    assert.equal(await again.get('orders', '/w/orders.ion.yaml', 'run-4'), undefined, 'the oldest were dropped');
    assert.equal((await again.list('other', '/w/other.ion.yaml')).length, 1);
    // Two integrations, two files, no temporary file left behind.
    assert.deepEqual(readdirSync(dir).filter((f) => !f.endsWith('.json')), []);
    assert.equal(readdirSync(dir).length, 2);
  });

  it('cuts response bodies at 64KB (UTF-8 bytes, never inside a character) and drops an output over 64KB', async () => {
    const store = new ResultStore(dir);
    const big = 'é'.repeat(BODY_LIMIT); // 2 bytes each: 128KB
    await store.put(entry(1), result(big, { output: { blob: 'x'.repeat(BODY_LIMIT + 10) } }));
    const kept = (await store.get('orders', '/w/orders.ion.yaml', 'run-1'))!.result;
    assert.equal(Buffer.byteLength(kept.response!.body, 'utf8'), BODY_LIMIT);
    assert.equal(kept.response!.body, 'é'.repeat(BODY_LIMIT / 2));
    assert.equal(kept.response!.truncated, true);
    assert.equal(kept.output, null);
    assert.match(kept.logs.at(-1) ?? '', /over 64KB/);
    // Just under the limit stays whole.
    assert.deepEqual(cutUtf8('a'.repeat(BODY_LIMIT), BODY_LIMIT), { text: 'a'.repeat(BODY_LIMIT), cut: false });
    assert.equal(cutUtf8('a€', 3).text, 'a', 'a 3-byte character that does not fit is left out whole');
    assert.ok(readFileSync(join(dir, readdirSync(dir)[0]), 'utf8').length < 3 * BODY_LIMIT);
  });

  it('a run without a runId is not kept', async () => {
    const store = new ResultStore(dir);
    await store.put(entry(1, { runId: undefined }), result('x'));
    assert.deepEqual(readdirSync(dir), []);
  });

  describe('what a real run hands over is masked', () => {
    let server: TestServer;
    after(() => server?.close());

    it('the secret the API echoes back (header, body, output) is not in the stored file', async () => {
      const SECRET = 'sk-live-Zq8/+w7-secret';
      server = await startServer((req, res) => json(res, 200, { echoed: req.headers.authorization, again: SECRET }));
      const store = new ResultStore(dir);
      let kept: Promise<void> = Promise.resolve();
      await runYaml(
        `version: 1
name: echo
request:
  url: "${server.origin}/x"
  headers:
    Authorization: "Bearer {{ secret.token }}"
`,
        {
          secrets: mapSecrets({ token: SECRET }),
          hooks: {
            ...defaultRunHooks(),
            recordRun: (e, masked) => {
              kept = store.put({ ...e, runId: 'r1' }, masked);
            },
          },
        },
      );
      await kept;
      const files = readdirSync(dir);
      assert.equal(files.length, 1);
      const text = readFileSync(join(dir, files[0]), 'utf8');
      assert.match(text, /echoed/);
      assert.equal(findLeak(text, SECRET), undefined);
    });
  });
});
