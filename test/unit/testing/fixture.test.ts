import { strict as assert } from 'node:assert';
import { IonError } from '../../../src/core/errors';
import { exchange } from '../../../src/core/http/redirects';
import { sendOnce } from '../../../src/core/http/send';
import { Masker } from '../../../src/core/secrets/mask';
import { FIXTURE_FAILURE_STATUS, startFixtureServer, type FixtureServer } from '../../../src/core/testing/fixture-server';
import { createFixtureTransport, type FixtureTransport } from '../../../src/core/testing/fixture-transport';
import { VirtualTime } from '../../../src/core/testing/virtual-time';
import type { FixtureResponse } from '../../../src/core/model';

interface Rig {
  server: FixtureServer;
  transport: FixtureTransport;
  time: VirtualTime;
  close(): Promise<void>;
}

async function rig(responses: FixtureResponse[], allowed: string[]): Promise<Rig> {
  const time = new VirtualTime();
  const server = await startFixtureServer({ responses, delay: (ms) => time.delay(ms) });
  const transport = createFixtureTransport({ port: server.port, allowedOrigins: new Set(allowed), time });
  return { server, transport, time, close: async () => { await transport.close(); await server.close(); } };
}

const send = (r: Rig, url: string, timeoutMs = 10_000) =>
  sendOnce({ method: 'GET', url: new URL(url), headers: {} }, { transport: r.transport, timeoutMs, maxResponseBytes: 1e6 });

describe('fixture server and transport', () => {
  it('serves http and https origins from one loopback server, JSON and text bodies', async () => {
    const r = await rig([{ status: 201, body: { a: 1 } }, { body: 'plain', headers: { 'X-Y': 'z' } }], ['https://api.example.com', 'http://other.test:8080']);
    try {
      const a = await send(r, 'https://api.example.com/one?q=1');
      assert.equal(a.status, 201);
      assert.equal(a.headers['content-type'], 'application/json');
      assert.deepEqual(JSON.parse(a.body.toString()), { a: 1 });
      const b = await send(r, 'http://other.test:8080/two');
      assert.equal(b.headers['content-type'], 'text/plain; charset=utf-8');
      assert.equal(b.headers['x-y'], 'z');
      assert.equal(b.body.toString(), 'plain');
      assert.deepEqual(r.server.requests.map((q) => [q.host, q.path]), [['api.example.com', '/one?q=1'], ['other.test:8080', '/two']]);
    } finally {
      await r.close();
    }
  });

  it('refuses an origin that is not listed, before connecting, as a network error that names it', async () => {
    const r = await rig([{ status: 200 }], ['https://api.example.com']);
    try {
      await assert.rejects(send(r, 'https://evil.example.net/x'), (e: unknown) => {
        assert.ok(e instanceof IonError);
        assert.equal(e.code, 'network');
        assert.match(e.message, /fixture tests are offline: https:\/\/evil\.example\.net is not an origin of this integration/);
        return true;
      });
      await assert.rejects(send(r, 'http://api.example.com/x'), /http:\/\/api\.example\.com is not an origin/, 'the scheme counts');
      assert.deepEqual(r.transport.refused, ['https://evil.example.net', 'http://api.example.com']);
      assert.equal(r.server.requests.length, 0);
    } finally {
      await r.close();
    }
  });

  it('a redirect to an origin not listed is refused by the real redirect code', async () => {
    const r = await rig([{ status: 302, headers: { Location: 'https://elsewhere.example.org/steal' } }], ['https://api.example.com']);
    try {
      await assert.rejects(
        exchange({ method: 'GET', url: new URL('https://api.example.com/x'), headers: {} }, {
          transport: r.transport, timeoutMs: 1000, maxResponseBytes: 1e6, followRedirects: true, masker: new Masker(), authorizeHop: async () => undefined,
        }),
        /fixture tests are offline: https:\/\/elsewhere\.example\.org/,
      );
      assert.equal(r.server.requests.length, 1);
    } finally {
      await r.close();
    }
  });

  it('running out of responses answers 599 and records the problem', async () => {
    const r = await rig([{ status: 200 }], ['https://api.example.com']);
    try {
      assert.equal((await send(r, 'https://api.example.com/a')).status, 200);
      const second = await send(r, 'https://api.example.com/b');
      assert.equal(second.status, FIXTURE_FAILURE_STATUS);
      assert.deepEqual(r.server.problems, ['the run made request #2 (GET /b) but the test has 1 response']);
    } finally {
      await r.close();
    }
  });

  it('a fixture delay fires the exchange timer in virtual time: a real timeout, no real wait, no timer left', async () => {
    const r = await rig([{ status: 200, delay: '1h' }, { status: 200, delay: '3s' }], ['https://api.example.com']);
    try {
      await assert.rejects(send(r, 'https://api.example.com/a', 5000), (e: unknown) => e instanceof IonError && e.code === 'timeout');
      assert.equal(r.time.elapsedMs, 5000);
      assert.equal((await send(r, 'https://api.example.com/b', 5000)).status, 200);
      assert.equal(r.time.elapsedMs, 8000);
      assert.equal(r.time.pendingTimers, 0);
    } finally {
      await r.close();
    }
  });

  it('an unsendable fixture (a bad status) is a problem, not a crash', async () => {
    const r = await rig([{ status: 42 }], ['https://api.example.com']);
    try {
      assert.equal((await send(r, 'https://api.example.com/a')).status, FIXTURE_FAILURE_STATUS);
      assert.match(r.server.problems[0], /the fixture response cannot be sent/);
    } finally {
      await r.close();
    }
  });
});
