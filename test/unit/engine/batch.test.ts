import { strict as assert } from 'node:assert';
import { json, startServer, type TestServer } from '../../helpers/server';
import { runYaml } from '../../helpers/engine';
import { parseIntegration } from '../../../src/core/parse';
import { transformHook } from '../../../src/core/transform/hook';

const SKUS = Array.from({ length: 10 }, (_, i) => `sku-${i}`);

describe('batch: one request per chunk', () => {
  let server: TestServer;
  afterEach(async () => server?.close());

  const yaml = (batch: string, extra = '') => `version: 1
name: b
trigger: { type: manual, input: { skus: ${JSON.stringify(SKUS)} } }
batch: ${batch}
request:
  method: POST
  url: "${server.origin}/lookup"
  query: { chunk: "{{ batch.index }}" }
  body: { skus: "{{ batch.items }}" }
${extra}`;

  it('splits the input into chunks, keeps results in input order with concurrency (responses arrive out of order)', async () => {
    server = await startServer(async (req, res) => {
      const { skus } = JSON.parse(req.body) as { skus: string[] };
      const index = Number(new URL(req.url, 'http://x').searchParams.get('chunk'));
      // Earlier chunks answer later.
      await new Promise((r) => setTimeout(r, (4 - index) * 15));
      json(res, 200, { index, found: skus.map((s) => ({ sku: s })) });
    });
    const { result } = await runYaml(yaml('{ over: "{{ input.skus }}", size: 3, concurrency: 4 }'));
    assert.equal(result.ok, true, JSON.stringify(result.errors));
    const out = result.output as Array<{ index: number; found: Array<{ sku: string }> }>;
    assert.deepEqual(out.map((o) => o.index), [0, 1, 2, 3]);
    assert.deepEqual(out.flatMap((o) => o.found.map((f) => f.sku)), SKUS);
    assert.equal(server.requests.length, 4);
    assert.deepEqual(server.requests.map((r) => (JSON.parse(r.body) as { skus: string[] }).skus.length).sort(), [1, 3, 3, 3]);
    // The responses came back in reverse order, the attempts are listed by chunk.
    assert.deepEqual(result.attempts.map((a) => a.chunk), [0, 1, 2, 3]);
  });

  it('the transform sees input.batches in order', async () => {
    server = await startServer((req, res) => json(res, 200, { n: (JSON.parse(req.body) as { skus: string[] }).skus.length }));
    const { result } = await runYaml(yaml('{ over: "{{ input.skus }}", size: 4, concurrency: 2 }', 'transform: "return input.batches.map(b => [b.index, b.items.length, b.status, b.json.n])"\n'), {
      hooks: { transform: transformHook },
    });
    assert.equal(result.ok, true, JSON.stringify(result.errors));
    assert.deepEqual(result.output, [[0, 4, 200, 4], [1, 4, 200, 4], [2, 2, 200, 2]]);
  });

  it('a failed chunk fails the run and names its index; no new chunk starts after it', async () => {
    server = await startServer((req, res) => {
      const index = Number(new URL(req.url, 'http://x').searchParams.get('chunk'));
      if (index === 1) json(res, 422, { error: 'bad sku' });
      else json(res, 200, {});
    });
    const { result } = await runYaml(yaml('{ over: "{{ input.skus }}", size: 2, concurrency: 1 }'));
    assert.equal(result.ok, false);
    assert.equal(result.errors[0].code, 'client_error');
    assert.match(result.errors[0].message, /^chunk 1: /);
    assert.equal(server.requests.length, 2, 'chunks 2.. were not sent');
  });

  it('an empty `over` sends nothing and succeeds with no chunks', async () => {
    server = await startServer((req, res) => json(res, 200, {}));
    const text = yaml('{ over: "{{ input.skus }}", size: 2 }');
    const { result } = await runYaml(text, { input: { skus: [] } });
    assert.equal(result.ok, true, JSON.stringify(result.errors));
    assert.deepEqual(result.output, []);
    assert.equal(server.requests.length, 0);
  });

  it('`over` that is not an array fails before anything is sent', async () => {
    server = await startServer((req, res) => json(res, 200, {}));
    const { result } = await runYaml(yaml('{ over: "{{ input.skus }}", size: 2 }'), { input: { skus: 'x' } });
    assert.equal(result.errors[0].code, 'invalid_file');
    assert.match(result.errors[0].message, /batch.over must resolve to an array/);
    assert.equal(server.requests.length, 0);
  });
});

describe('batch: references', () => {
  const codes = (text: string) => parseIntegration(text).diagnostics.map((d) => d.code);
  it('`batch.*` is refused without a batch block, outside request, and with an unknown field', () => {
    assert.ok(codes('version: 1\nname: x\nrequest: { url: "https://a.test/{{ batch.index }}" }\n').includes('unknown_namespace'));
    const base = 'version: 1\nname: x\ntrigger: { type: manual, input: { a: [1] } }\nbatch: { over: "{{ input.a }}", size: 1 }\n';
    assert.deepEqual(codes(`${base}request: { method: POST, url: "https://a.test/", body: { a: "{{ batch.items }}", i: "{{ batch.index }}" } }\n`), []);
    assert.ok(codes(`${base}request: { url: "https://a.test/{{ batch.first }}" }\n`).includes('ref_syntax'));
    assert.ok(codes(`${base}request: { url: "https://a.test/" }\noutput: { to: [{ type: http, url: "https://b.test/{{ batch.index }}" }] }\n`).includes('ref_not_allowed'));
  });
});
