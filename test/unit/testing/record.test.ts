import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TokenCache } from '../../../src/core/auth/token-cache';
import { runIntegration } from '../../../src/core/engine/run';
import { createDefaultTransport } from '../../../src/core/http/transport';
import { parseIntegration } from '../../../src/core/parse';
import { appendTest, recordTest, type RecordedResponse } from '../../../src/core/testing/record';
import { runTestFile } from '../../../src/core/testing/runner';
import { main } from '../../../src/cli/main';
import { transformHook } from '../../../src/core/transform/hook';
import { fakeClock, seededRandom } from '../../helpers/clock';
import { mapSecrets } from '../../helpers/engine';
import { startServer, type TestServer } from '../../helpers/server';
import { fakeIO, tempDir, writeFiles } from './helpers';

const SECRET = 'sk-live-7f3a9c';

function fileFor(origin: string, tests = ''): string {
  return `# recorded from a real run
version: 1
name: rec
request:
  method: GET
  url: "${origin}/users/{{ input.id }}"
  headers: { Authorization: "Bearer {{ secret.token }}" }   # the secret
trigger: { type: manual, input: { id: 7 } }
retry: { maxAttempts: 3, respectRetryAfter: true }
transform: |
  return { id: input.json.id, echoed: input.json.token };
${tests}`;
}

/** 429 (Retry-After: 30) first, then a 200 whose body echoes the secret. */
async function flakyApi(): Promise<TestServer> {
  let n = 0;
  return startServer((req, res) => {
    n += 1;
    res.setHeader('X-Request-Id', `r${n}`);
    res.setHeader('Date', 'Thu, 01 Jan 2026 00:00:00 GMT');
    if (n === 1) {
      res.writeHead(429, { 'Retry-After': '30', 'X-RateLimit-Remaining': '0', 'Content-Type': 'text/plain' });
      res.end('slow down');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ id: 7, token: String(req.headers.authorization).slice(7) }));
  });
}

describe('recording a run as a test', () => {
  it('a 429-then-200 run becomes responses [429, 200], masked and trimmed, and the test passes offline', async () => {
    const api = await flakyApi();
    const transport = createDefaultTransport();
    try {
      const parsed = parseIntegration(fileFor(api.origin));
      const responses: RecordedResponse[] = [];
      const result = await runIntegration(parsed, {
        file: join(tempDir(), 'rec.ion.yaml'),
        secrets: mapSecrets({ token: SECRET }),
        env: {},
        clock: fakeClock(),
        random: seededRandom(1),
        tokenCache: new TokenCache(),
        transport,
        hooks: { transform: transformHook },
        onEvent: (e) => {
          if (e.type === 'response') responses.push(e);
        },
      });
      assert.equal(result.ok, true, JSON.stringify(result.errors));
      const text = recordTest(parsed, result, responses, { now: new Date(Date.UTC(2026, 10, 27, 12, 0)) });
      assert.ok(text.startsWith(parsed.text), 'the rest of the file is kept byte for byte');
      assert.ok(!text.includes(SECRET), 'the secret is masked, in the body too');
      const again = parseIntegration(text);
      assert.deepEqual(again.diagnostics.filter((d) => d.severity === 'error'), []);
      const test = again.value!.tests![0];
      assert.equal(test.name, 'recorded 2026-11-27 12:00');
      assert.equal(test.input, undefined, 'no --input: the test uses trigger.input like the run did');
      assert.deepEqual(test.responses, [
        { status: 429, headers: { 'retry-after': '30', 'x-ratelimit-remaining': '0', 'content-type': 'text/plain' }, body: 'slow down' },
        { status: 200, headers: { 'content-type': 'application/json' }, body: { id: 7, token: '***' } },
      ]);
      assert.deepEqual(test.expect, { ok: true, status: 200, output: { id: 7, echoed: '***' } });
      const run = await runTestFile('rec.ion.yaml', text);
      assert.equal(run.tests[0].state, 'passed', JSON.stringify(run.tests[0].failures));
      assert.equal(run.tests[0].virtualWaitMs, 30_000);
    } finally {
      await transport.close();
      await api.close();
    }
  });

  it('appends to an existing block list, to `tests: []`, and creates `tests:` when absent', () => {
    const item = { name: 'new', response: { status: 200 }, expect: { ok: true } };
    const existing = fileFor('https://a.example', `tests:\n  - name: old   # keep\n    response: { status: 200 }\n    expect: { ok: true }\n# after\n`);
    const out1 = appendTest(parseIntegration(existing), item);
    assert.equal(out1, existing.replace('expect: { ok: true }\n# after', 'expect: { ok: true }\n  - name: new\n    response:\n      status: 200\n    expect:\n      ok: true\n# after'));
    const empty = fileFor('https://a.example', 'tests: []\n');
    const out2 = appendTest(parseIntegration(empty), item);
    assert.equal(out2, empty.replace('tests: []\n', 'tests:\n  - name: new\n    response:\n      status: 200\n    expect:\n      ok: true\n'));
    const none = fileFor('https://a.example');
    const out3 = appendTest(parseIntegration(none), item);
    assert.equal(out3, `${none}\ntests:\n  - name: new\n    response:\n      status: 200\n    expect:\n      ok: true\n`);
    for (const t of [out1, out2, out3]) {
      const p = parseIntegration(t);
      assert.deepEqual(p.diagnostics.filter((d) => d.severity === 'error'), []);
      assert.equal(p.value!.tests!.at(-1)!.name, 'new');
    }
  });
});

describe('ion run --record (CLI, in-process)', () => {
  it('records a real loopback run into the file, and `ion test` passes on it', async () => {
    const api = await startServer((req, res) => {
      const found = req.url === '/users/7';
      res.writeHead(found ? 200 : 404, { 'Content-Type': 'application/json', Server: 'x' });
      res.end(JSON.stringify(found ? { id: 7, token: 'none' } : { error: 'missing' }));
    });
    try {
      const dir = tempDir();
      writeFiles(dir, { 'rec.ion.yaml': fileFor(api.origin) });
      const env = { ION_SECRET_TOKEN: SECRET };
      const io = fakeIO(dir, env);
      assert.equal(await main(['run', 'rec.ion.yaml', '--record', '--log', join(dir, 'runs.jsonl')], io), 0, io.stderr + io.stdout);
      assert.match(io.stdout, /recorded test "recorded \d{4}-\d\d-\d\d \d\d:\d\d" in .*rec\.ion\.yaml/);

      const missing = fakeIO(dir, env);
      assert.equal(await main(['run', 'rec.ion.yaml', '--record', '--json', '--input', '{"id":8}', '--log', join(dir, 'runs.jsonl')], missing), 1);
      assert.doesNotThrow(() => JSON.parse(missing.stdout), 'stdout stays one JSON document');
      assert.match(missing.stderr, /recorded test "recorded .* \(2\)"/);

      const text = readFileSync(join(dir, 'rec.ion.yaml'), 'utf8');
      assert.ok(text.startsWith(fileFor(api.origin)));
      assert.ok(!text.includes(SECRET));
      const tests = parseIntegration(text).value!.tests!;
      assert.deepEqual(tests[1].input, { id: 8 });
      assert.deepEqual(tests[1].expect, { ok: false, status: 404, error: 'not_found' });

      const served = api.requests.length;
      const t = fakeIO(dir, {});
      assert.equal(await main(['test'], t), 0, t.stdout);
      assert.match(t.stdout, /2 passed, 0 failed/);
      assert.equal(api.requests.length, served, 'the recorded tests run offline');
    } finally {
      await api.close();
    }
  });

  it('--record with --dry-run is bad usage', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'rec.ion.yaml': fileFor('https://a.example') });
    const io = fakeIO(dir);
    assert.equal(await main(['run', 'rec.ion.yaml', '--record', '--dry-run'], io), 2);
    assert.match(io.stderr, /cannot be combined with --dry-run/);
  });
});
