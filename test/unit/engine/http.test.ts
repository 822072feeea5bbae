import { strict as assert } from 'node:assert';
import { gzipSync, deflateSync, deflateRawSync, brotliCompressSync } from 'node:zlib';
import { createDefaultTransport } from '../../../src/core/http/transport';
import { json, startServer, TEST_CA_PATH, type TestServer } from '../../helpers/server';
import { startProxy } from '../../helpers/proxy';
import { runYaml } from '../../helpers/engine';
import { relative, dirname } from 'node:path';
import { FIXTURE_FILE } from '../../helpers/engine';

const file = (url: string, extra = '') => `version: 1
name: t
request:
  url: "${url}"
${extra}`;

describe('http: requests', () => {
  let server: TestServer;
  afterEach(async () => server?.close());

  it('sends JSON, form and text bodies with their content types', async () => {
    server = await startServer((req, res) => json(res, 200, { got: req.body }));
    await runYaml(file(`${server.origin}/j`, '  method: POST\n  body: { a: 1, b: [true, null] }'));
    await runYaml(file(`${server.origin}/f`, '  method: POST\n  form: { a: "x y", b: "&=" }'));
    await runYaml(file(`${server.origin}/t`, '  method: PUT\n  headers: { Content-Type: text/csv }\n  text: "a,b\\n1,2"'));
    const [j, f, t] = server.requests;
    assert.equal(j.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(j.body), { a: 1, b: [true, null] });
    assert.equal(f.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.equal(f.body, 'a=x+y&b=%26%3D');
    assert.equal(t.headers['content-type'], 'text/csv');
    assert.equal(t.body, 'a,b\n1,2');
  });

  it('appends query values URL-encoded', async () => {
    server = await startServer((req, res) => json(res, 200, {}));
    const { result } = await runYaml(file(`${server.origin}/s?x=1`, '  query: { q: "{{ input.q }}", n: 2 }'), { input: { q: 'a&b c' } });
    assert.equal(result.ok, true);
    assert.equal(server.requests[0].url, '/s?x=1&q=a%26b+c&n=2');
  });

  it('a slow server hits the timeout', async () => {
    server = await startServer(() => undefined); // never answers
    const { result } = await runYaml(file(`${server.origin}/slow`, '  timeout: 150ms'));
    assert.equal(result.ok, false);
    assert.equal(result.errors[0].code, 'timeout');
    assert.deepEqual(result.attempts.map((a) => a.error), ['timeout']);
  });

  it('a body over the cap fails with response_too_large, also when gzipped small', async () => {
    server = await startServer((req, res) => {
      if (req.url === '/big') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('x'.repeat(5000));
      } else {
        const zipped = gzipSync(Buffer.alloc(200_000, 'a'));
        res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip', 'content-length': zipped.length });
        res.end(zipped);
      }
    });
    const big = await runYaml(file(`${server.origin}/big`, '  maxResponseBytes: 1000'));
    assert.equal(big.result.errors[0].code, 'response_too_large');
    const bomb = await runYaml(file(`${server.origin}/gz`, '  maxResponseBytes: 50KB'));
    assert.equal(bomb.result.errors[0].code, 'response_too_large');
    assert.ok(Buffer.byteLength(gzipSync(Buffer.alloc(200_000, 'a'))) < 50_000, 'the wire size is under the cap');
  });

  it('reads a body of declared length whole, and fails cleanly when the server sends less than it declared', async () => {
    const body = JSON.stringify({ items: Array.from({ length: 200 }, (_, i) => ({ i })) });
    server = await startServer((req, res) => {
      if (req.url === '/short') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': 500 });
        res.write('{"a":');
        setImmediate(() => res.destroy());
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
    const whole = await runYaml(file(`${server.origin}/whole`));
    assert.equal(whole.result.ok, true);
    assert.deepEqual(whole.result.output, JSON.parse(body));
    assert.equal(whole.result.response?.sizeBytes, Buffer.byteLength(body));
    const short = await runYaml(file(`${server.origin}/short`));
    assert.equal(short.result.ok, false);
    assert.equal(short.result.errors[0].code, 'network');
  });

  it('decodes gzip, deflate (zlib and raw) and br and counts decoded bytes', async () => {
    const payload = JSON.stringify({ hello: 'world', list: Array.from({ length: 50 }, (_, i) => i) });
    const enc: Record<string, [string, Buffer]> = {
      '/gzip': ['gzip', gzipSync(payload)],
      '/deflate': ['deflate', deflateSync(payload)],
      '/raw': ['deflate', deflateRawSync(payload)],
      '/br': ['br', brotliCompressSync(payload)],
    };
    server = await startServer((req, res) => {
      const [e, body] = enc[req.url];
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': e });
      res.end(body);
    });
    for (const path of Object.keys(enc)) {
      const { result } = await runYaml(file(`${server.origin}${path}`));
      assert.equal(result.ok, true, `${path}: ${JSON.stringify(result.errors)}`);
      assert.deepEqual(result.output, JSON.parse(payload));
      assert.equal(result.response?.sizeBytes, Buffer.byteLength(payload));
    }
  });

  it('cuts the displayed body at 64 KB but keeps the whole for the output', async () => {
    const big = { s: 'y'.repeat(70_000) };
    server = await startServer((req, res) => json(res, 200, big));
    const { result } = await runYaml(file(`${server.origin}/`));
    assert.equal(result.response?.truncated, true);
    assert.equal(result.response?.body.length, 64 * 1024);
    assert.deepEqual(result.output, big);
  });

  it('a refused connection is a network error', async () => {
    server = await startServer(() => undefined);
    const origin = server.origin;
    await server.close();
    const { result } = await runYaml(file(`${origin}/`));
    assert.equal(result.errors[0].code, 'network');
  });

  it('trusts tls.ca for https', async () => {
    server = await startServer((req, res) => json(res, 200, { secure: true }), { https: true });
    const ca = relative(dirname(FIXTURE_FILE), TEST_CA_PATH);
    const withCa = await runYaml(file(`${server.origin}/`, `  tls: { ca: "${ca}" }`));
    assert.equal(withCa.result.ok, true, JSON.stringify(withCa.result.errors));
    const without = await runYaml(file(`${server.origin}/`));
    assert.equal(without.result.errors[0].code, 'network');
  });
});

describe('http: proxy', () => {
  it('goes through HTTP(S)_PROXY and bypasses it for NO_PROXY', async () => {
    const server = await startServer((req, res) => json(res, 200, { via: 'x' }));
    const tlsServer = await startServer((req, res) => json(res, 200, { via: 'tls' }), { https: true });
    const proxy = await startProxy();
    const ca = relative(dirname(FIXTURE_FILE), TEST_CA_PATH);
    try {
      const transport = createDefaultTransport({ proxy: { httpProxy: proxy.url, httpsProxy: proxy.url } });
      const a = await runYaml(file(`${server.origin}/p`), { transport });
      assert.equal(a.result.ok, true, JSON.stringify(a.result.errors));
      const b = await runYaml(file(`${tlsServer.origin}/p`, `  tls: { ca: "${ca}" }`), { transport });
      assert.equal(b.result.ok, true, JSON.stringify(b.result.errors));
      await transport.close();
      assert.equal(proxy.seen.length, 2);
      assert.ok(proxy.seen.some((s) => s.includes(`127.0.0.1:${server.port}`)));
      assert.ok(proxy.seen.includes(`CONNECT 127.0.0.1:${tlsServer.port}`));

      const bypass = createDefaultTransport({ proxy: { httpProxy: proxy.url, noProxy: '127.0.0.1' } });
      const c = await runYaml(file(`${server.origin}/direct`), { transport: bypass });
      await bypass.close();
      assert.equal(c.result.ok, true);
      assert.equal(proxy.seen.length, 2, 'NO_PROXY bypasses the proxy');
      assert.equal(server.requests.at(-1)?.url, '/direct');
    } finally {
      await Promise.all([server.close(), tlsServer.close(), proxy.close()]);
    }
  });
});
