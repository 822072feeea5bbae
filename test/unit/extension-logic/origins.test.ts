import { strict as assert } from 'node:assert';
import { editorSecretSource, type OriginAnswer, type OriginStore } from '../../../src/extension/secrets/origin-source';
import { originOf } from '../../../src/core/secrets/origins';
import { runYaml } from '../../helpers/engine';
import { startServer, type TestServer } from '../../helpers/server';

const SECRET = 'tok-VERY-secret-123';

/** An in-memory store with the editor's semantics (origins per base name). */
function memoryStore(values: Record<string, string>, origins: Record<string, string[]> = {}): OriginStore & { remembered: string[] } {
  const remembered: string[] = [];
  return {
    remembered,
    get: async (name) => values[name],
    origins: (name) => origins[name.split('@')[0]] ?? [],
    rememberOrigin: async (name, origin) => {
      remembered.push(`${name} ${origin}`);
      (origins[name] ??= []).push(origin);
    },
  };
}

function prompt(answer: OriginAnswer, asked: string[]) {
  return () => async (secret: string, origin: string): Promise<OriginAnswer> => {
    asked.push(`${secret} ${origin}`);
    return answer;
  };
}

const yaml = (url: string) => `version: 1
name: origins
auth: { type: bearer, token: "{{ secret.api_token }}" }
request: { method: GET, url: "${url}" }
`;

describe('editor secret source: origin binding (docs/reference.md#origins)', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
  });
  after(() => server.close());

  const tricky = ['https://api.x.com.evil.com/v1', 'https://api.x.com@evil.com/v1', 'http://api.x.com/v1', 'https://api.x.com:8443/v1'];
  for (const url of tricky) {
    it(`refuses ${url} when only https://api.x.com is allowed, asking about its real origin, and sends nothing`, async () => {
      const asked: string[] = [];
      const store = memoryStore({ api_token: SECRET }, { api_token: ['https://api.x.com'] });
      const { result } = await runYaml(yaml(url), { secrets: editorSecretSource(store, prompt('cancel', asked)) });
      assert.equal(result.ok, false);
      assert.equal(result.errors[0].code, 'secret_blocked');
      assert.deepEqual(result.attempts, []);
      assert.equal(result.response, null);
      assert.deepEqual(asked, [`api_token ${originOf(url)}`]);
      assert.notEqual(originOf(url), 'https://api.x.com');
      assert.deepEqual(store.remembered, []);
      assert.ok(!JSON.stringify(result).includes(SECRET));
    });
  }

  it('the same origin with the default port written out is the same origin (no question)', async () => {
    assert.equal(originOf('https://API.x.com:443/a'), 'https://api.x.com');
    const store = memoryStore({ api_token: SECRET }, { api_token: ['https://api.x.com'] });
    const source = editorSecretSource(store, () => async () => assert.fail('must not ask'));
    assert.equal(await source.allowOrigin('api_token', originOf('https://API.x.com:443/a')!), true);
  });

  it('"Always" is remembered per secret and the next run does not ask; the request reaches the loopback server', async () => {
    const asked: string[] = [];
    const store = memoryStore({ api_token: SECRET });
    const secrets = editorSecretSource(store, prompt('always', asked));
    const before = server.requests.length;
    const first = await runYaml(yaml(`${server.origin}/a`), { secrets });
    assert.equal(first.result.ok, true, JSON.stringify(first.result.errors));
    assert.deepEqual(store.remembered, [`api_token ${server.origin}`]);
    const second = await runYaml(yaml(`${server.origin}/b`), { secrets });
    assert.equal(second.result.ok, true);
    assert.equal(asked.length, 1);
    assert.equal(server.requests.length, before + 2);
    assert.equal(server.requests[before].headers.authorization, `Bearer ${SECRET}`);
    assert.ok(!JSON.stringify(second.result).includes(SECRET));
  });

  it('"Allow once" sends without remembering; a port change on loopback is another origin', async () => {
    const asked: string[] = [];
    const store = memoryStore({ api_token: SECRET });
    const once = await runYaml(yaml(`${server.origin}/c`), { secrets: editorSecretSource(store, prompt('once', asked)) });
    assert.equal(once.result.ok, true);
    assert.deepEqual(store.remembered, []);
    const otherPort = server.port === 65535 ? server.port - 1 : server.port + 1;
    const before = server.requests.length;
    const refused = await runYaml(yaml(`http://127.0.0.1:${otherPort}/c`), { secrets: editorSecretSource(memoryStore({ api_token: SECRET }, { api_token: [server.origin] }), prompt('cancel', asked)) });
    assert.equal(refused.result.errors[0].code, 'secret_blocked');
    assert.equal(server.requests.length, before);
  });

  it('"Allow once" asks again on the next run of the same source, and each answer is obeyed', async () => {
    const asked: string[] = [];
    const answers: OriginAnswer[] = ['once', 'once', 'cancel'];
    const store = memoryStore({ api_token: SECRET });
    const secrets = editorSecretSource(store, () => async (secret, origin) => {
      asked.push(`${secret} ${origin}`);
      return answers[asked.length - 1];
    });
    const before = server.requests.length;
    const first = await runYaml(yaml(`${server.origin}/d`), { secrets });
    const second = await runYaml(yaml(`${server.origin}/d`), { secrets });
    const third = await runYaml(yaml(`${server.origin}/d`), { secrets });
    assert.equal(first.result.ok, true, JSON.stringify(first.result.errors));
    assert.equal(second.result.ok, true, JSON.stringify(second.result.errors));
    assert.deepEqual(asked, [`api_token ${server.origin}`, `api_token ${server.origin}`, `api_token ${server.origin}`]);
    assert.equal(third.result.errors[0].code, 'secret_blocked');
    assert.equal(server.requests.length, before + 2, 'the third run sent nothing');
    assert.deepEqual(store.remembered, []);
    assert.deepEqual(store.origins('api_token'), []);
  });

  it('an answer that is not once/always refuses', async () => {
    const store = memoryStore({ api_token: SECRET });
    const source = editorSecretSource(store, () => async () => 'maybe' as unknown as OriginAnswer);
    assert.equal(await source.allowOrigin('api_token', 'https://api.x.com'), false);
  });
});
