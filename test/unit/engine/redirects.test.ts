import { strict as assert } from 'node:assert';
import { relative, dirname } from 'node:path';
import { json, startServer, TEST_CA_PATH, type TestServer } from '../../helpers/server';
import { FIXTURE_FILE, mapSecrets, runYaml } from '../../helpers/engine';

const SECRET = 'tok-Sup3r/Secret+=';

const yaml = (url: string, extra = '') => `version: 1
name: r
auth: { type: bearer, token: "{{ secret.tok }}" }
request:
  url: "${url}"
  headers: { X-Api-Key: "{{ secret.key }}", X-Plain: visible }
  query: { k: "{{ secret.key }}", page: "2" }
${extra}`;

const secrets = () => mapSecrets({ tok: SECRET, key: 'key-123456' });

function carriesSecret(h: Record<string, unknown>, url: string): boolean {
  const text = JSON.stringify(h) + url;
  return text.includes(SECRET) || text.includes('key-123456');
}

describe('redirects', () => {
  const servers: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  it('A→B→A: secrets reach A only on the first hop, dropped at B and after', async () => {
    const later: { b?: TestServer } = {};
    const a = await startServer((req, res) => {
      if (req.url.startsWith('/start')) {
        res.writeHead(302, { location: `${later.b!.origin}/hop?k=key-123456&page=2` });
        res.end();
      } else json(res, 200, { back: true });
    });
    const b = await startServer((req, res) => {
      res.writeHead(307, { location: `${a.origin}/final` });
      res.end();
    });
    later.b = b;
    servers.push(a, b);
    const { result } = await runYaml(yaml(`${a.origin}/start`), { secrets: secrets() });
    assert.equal(result.ok, true, JSON.stringify(result.errors));
    assert.equal(a.requests[0].headers.authorization, `Bearer ${SECRET}`);
    const atB = b.requests[0];
    assert.equal(carriesSecret(atB.headers, atB.url), false, 'B sees no secret');
    assert.equal(atB.url, '/hop?page=2');
    assert.equal(atB.headers['x-plain'], 'visible');
    const backAtA = a.requests[1];
    assert.equal(carriesSecret(backAtA.headers, backAtA.url), false, 'dropped secrets stay dropped');
    assert.ok(result.logs.some((l) => l.includes('redirect')));
  });

  it('a port change is another origin', async () => {
    const other = await startServer((req, res) => json(res, 200, {}));
    const a = await startServer((req, res) => {
      res.writeHead(301, { location: `http://127.0.0.1:${other.port}/moved?k=key-123456` });
      res.end();
    });
    servers.push(a, other);
    const { result } = await runYaml(yaml(`${a.origin}/x`), { secrets: secrets() });
    assert.equal(result.ok, true);
    assert.equal(carriesSecret(other.requests[0].headers, other.requests[0].url), false);
  });

  it('same-origin redirects keep the credentials', async () => {
    const a = await startServer((req, res) => {
      if (req.url.startsWith('/one')) {
        res.writeHead(302, { location: '/two' });
        res.end();
      } else json(res, 200, {});
    });
    servers.push(a);
    const { result } = await runYaml(yaml(`${a.origin}/one`), { secrets: secrets() });
    assert.equal(result.ok, true);
    assert.equal(a.requests[1].headers.authorization, `Bearer ${SECRET}`);
  });

  it('https → http with secrets is refused', async () => {
    const plain = await startServer((req, res) => json(res, 200, {}));
    const secure = await startServer(
      (req, res) => {
        res.writeHead(302, { location: `${plain.origin}/downgrade` });
        res.end();
      },
      { https: true },
    );
    servers.push(plain, secure);
    const ca = relative(dirname(FIXTURE_FILE), TEST_CA_PATH);
    const { result } = await runYaml(yaml(`${secure.origin}/s`, `  tls: { ca: "${ca}" }`), { secrets: secrets() });
    assert.equal(result.errors[0]?.code, 'redirect_refused', JSON.stringify(result.errors));
    assert.equal(plain.requests.length, 0);
  });

  it('more than 5 redirects are refused; followRedirects: false returns the 3xx', async () => {
    const a = await startServer((req, res) => {
      res.writeHead(302, { location: `/r${Number(req.url.slice(2) || 0) + 1}` });
      res.end();
    });
    servers.push(a);
    const { result } = await runYaml(yaml(`${a.origin}/r0`), { secrets: secrets() });
    assert.equal(result.errors[0].code, 'redirect_refused');
    assert.equal(a.requests.length, 6);
    const off = await runYaml(yaml(`${a.origin}/r0`, '  followRedirects: false'), { secrets: secrets() });
    assert.equal(off.result.response?.status, 302);
    assert.equal(a.requests.length, 7);
  });

  for (const status of [307, 308]) {
    it(`a ${status} to another origin keeps method and body: refused when the body carries a secret, nothing reaches the other origin`, async () => {
      const other = await startServer((req, res) => json(res, 200, { got: req.body }));
      const a = await startServer((req, res) => {
        res.writeHead(status, { location: `${other.origin}/landing` });
        res.end();
      });
      servers.push(a, other);
      const post = (body: string) => `version: 1
name: r
request:
  method: POST
  url: "${a.origin}/submit"
  body: ${body}
`;
      const { result } = await runYaml(post('{ apiKey: "{{ secret.key }}", n: 1 }'), { secrets: secrets() });
      assert.equal(result.errors[0]?.code, 'redirect_refused', JSON.stringify(result.errors));
      assert.equal(other.requests.length, 0, 'the other origin received nothing');
      assert.equal(a.requests.length, 1);
      assert.ok(a.requests[0].body.includes('key-123456'), 'the first origin got the body');
      assert.ok(!JSON.stringify(result).includes('key-123456'));
      // The same redirect of a body without a secret is followed, method and body kept (as 307/308 require).
      const plain = await runYaml(post('{ n: 2 }'), { secrets: secrets() });
      assert.equal(plain.result.ok, true, JSON.stringify(plain.result.errors));
      assert.deepEqual(other.requests.map((r) => [r.method, r.url, r.body]), [['POST', '/landing', '{"n":2}']]);
    });
  }

  it('a hop carrying a bound secret to a refused origin is blocked (secret in the redirect URL path)', async () => {
    const other = await startServer((req, res) => json(res, 200, {}));
    const a = await startServer((req, res) => {
      res.writeHead(302, { location: `${other.origin}/key-123456/x` });
      res.end();
    });
    servers.push(a, other);
    const { result } = await runYaml(yaml(`${a.origin}/x`), { secrets: secrets() });
    assert.equal(result.errors[0].code, 'redirect_refused');
    assert.equal(other.requests.length, 0);
  });
});
