import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { backoffCeiling, backoffDelay } from '../../../src/core/retry/backoff';
import { parseRetryAfter } from '../../../src/core/retry/retry-after';
import { json, sequence, startServer, type TestServer } from '../../helpers/server';
import { runYaml } from '../../helpers/engine';
import { fakeClock, seededRandom } from '../../helpers/clock';

describe('retry: policy pieces', () => {
  it('full jitter stays within [0, min(max, initial·2^n)] for any random source', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 2 ** 31 }), (n, seed) => {
        const policy = { initialMs: 500, maxMs: 30_000, jitter: 'full' as const };
        const d = backoffDelay(n, policy, seededRandom(seed));
        return d >= 0 && d <= backoffCeiling(n, policy) && backoffCeiling(n, policy) <= 30_000;
      }),
    );
    assert.equal(backoffDelay(3, { initialMs: 500, maxMs: 30_000, jitter: 'none' }, () => 0.5), 2000);
    assert.equal(backoffDelay(20, { initialMs: 500, maxMs: 30_000, jitter: 'none' }, () => 0.5), 30_000);
  });

  it('reads Retry-After seconds, HTTP-dates, past dates and garbage', () => {
    const now = Date.UTC(2024, 0, 1, 12, 0, 0);
    assert.equal(parseRetryAfter('7', now), 7000);
    assert.equal(parseRetryAfter(new Date(now + 30_000).toUTCString(), now), 30_000);
    assert.equal(parseRetryAfter(new Date(now - 30_000).toUTCString(), now), 0);
    for (const bad of ['soon', '-1', '1.5', '10s', '', 'Wed, 99 Foo 2024']) assert.equal(parseRetryAfter(bad, now), undefined, bad);
  });
});

describe('retry: in a run', () => {
  let server: TestServer;
  afterEach(async () => server?.close());
  const yaml = (retry: string, method = 'GET', extra = '') => `version: 1
name: r
request:
  method: ${method}
  url: "${server.origin}/x"
${extra}${retry}`;

  it('retries 503 with jittered backoff on the fake clock (no sleeping)', async () => {
    server = await startServer(sequence((r, res) => json(res, 503, {}), (r, res) => json(res, 503, {}), (r, res) => json(res, 200, { ok: 1 })));
    const clock = fakeClock();
    const { result } = await runYaml(yaml('retry: { maxAttempts: 4, on: [503], backoff: { initial: 100ms, max: 1s } }\n'), { clock, random: seededRandom(7) });
    assert.equal(result.ok, true);
    assert.deepEqual(result.attempts.map((a) => a.status), [503, 503, 200]);
    assert.equal(clock.waits.length, 2);
    assert.ok(clock.waits[0] <= 100 && clock.waits[1] <= 200, String(clock.waits));
    assert.deepEqual(result.attempts.map((a) => a.waitMs), [0, ...clock.waits]);
  });

  it('honours Retry-After in seconds and as an HTTP-date; past and garbage fall back', async () => {
    const clock = fakeClock();
    const date = new Date(clock.now() + 12_000).toUTCString();
    const past = new Date(clock.now() - 5_000).toUTCString();
    server = await startServer(
      sequence(
        (r, res) => json(res, 429, {}, { 'retry-after': '3' }),
        (r, res) => json(res, 429, {}, { 'retry-after': date }),
        (r, res) => json(res, 503, {}, { 'retry-after': past }),
        (r, res) => json(res, 503, {}, { 'retry-after': 'whenever' }),
        (r, res) => json(res, 200, {}),
      ),
    );
    const { result } = await runYaml(yaml('retry: { maxAttempts: 5, backoff: { initial: 100ms, jitter: none } }\n'), { clock });
    assert.equal(result.ok, true, JSON.stringify(result.errors));
    // 3 s; the date 12 s ahead of the clock (which advanced by the first wait); the past date: 0; garbage: backoff 800ms.
    assert.deepEqual(clock.waits, [3000, 9000, 800]);
    assert.deepEqual(result.attempts.map((a) => a.waitMs), [0, 3000, 9000, 0, 800]);
  });

  it('a Retry-After longer than maxWait fails with the hint to raise retry.maxWait', async () => {
    server = await startServer((r, res) => json(res, 429, { message: 'slow down' }, { 'retry-after': '120', 'x-ratelimit-remaining': '0' }));
    const clock = fakeClock();
    const { result } = await runYaml(yaml('retry: { maxAttempts: 3 }\n'), { clock });
    assert.equal(result.errors[0].code, 'rate_limited');
    assert.match(result.errors[0].hint, /retry\.maxWait/);
    assert.match(result.errors[0].hint, /slow down/);
    assert.match(result.errors[0].hint, /x-ratelimit-remaining: 0/);
    assert.equal(clock.waits.length, 0);
    assert.equal(server.requests.length, 1);
  });

  it('a Retry-After longer than maxWait reports the code of the status, as without retry', async () => {
    server = await startServer((r, res) => json(res, 302, {}, { 'retry-after': '120', location: '/elsewhere' }));
    const plain = await runYaml(yaml('', 'GET', '  followRedirects: false\n'));
    const retried = await runYaml(yaml('retry: { maxAttempts: 3, on: [302] }\n', 'GET', '  followRedirects: false\n'));
    assert.equal(plain.result.errors[0].code, 'validation_failed');
    assert.equal(retried.result.errors[0].code, plain.result.errors[0].code, JSON.stringify(retried.result.errors));
    assert.match(retried.result.errors[0].hint, /retry\.maxWait/);
  });

  it('POST is not retried without a key, and is with idempotencyKey or retryUnsafe', async () => {
    server = await startServer((r, res) => json(res, 503, {}));
    const noKey = await runYaml(yaml('retry: { maxAttempts: 3, on: [503] }\n', 'POST'));
    assert.equal(noKey.result.attempts.length, 1);
    const key = await runYaml(yaml('retry: { maxAttempts: 3, on: [503] }\n', 'POST', '  idempotencyKey: order-1\n'));
    assert.equal(key.result.attempts.length, 3);
    assert.equal(server.requests.at(-1)?.headers['idempotency-key'], 'order-1');
    const unsafe = await runYaml(yaml('retry: { maxAttempts: 2, on: [503], retryUnsafe: true }\n', 'PATCH'));
    assert.equal(unsafe.result.attempts.length, 2);
    assert.equal(unsafe.result.errors[0].code, 'server_error');
  });

  it('never retries 400, 401, 403, 404, 409 or 422, even when listed in retry.on', async () => {
    for (const status of [400, 401, 403, 404, 409, 422]) {
      server = await startServer((r, res) => json(res, status, {}));
      const { result, clock } = await runYaml(yaml(`retry: { maxAttempts: 3, on: [${status}, 503] }\n`));
      assert.equal(result.attempts.length, 1, String(status));
      assert.equal(server.requests.length, 1, String(status));
      assert.equal(clock.waits.length, 0, String(status));
      await server.close();
    }
  });

  it('retries 408 Request Timeout when listed in retry.on (the one 4xx besides 429)', async () => {
    server = await startServer(sequence((r, res) => json(res, 408, {}), (r, res) => json(res, 408, {}), (r, res) => json(res, 200, { ok: 1 })));
    const { result } = await runYaml(yaml('retry: { maxAttempts: 3, on: [408], backoff: { jitter: none } }\n'));
    assert.equal(result.ok, true, JSON.stringify(result.errors));
    assert.deepEqual(result.attempts.map((a) => a.status), [408, 408, 200]);
    assert.equal(server.requests.length, 3);
  });

  it('an absent retry block makes one attempt', async () => {
    server = await startServer((r, res) => json(res, 503, {}));
    const { result, clock } = await runYaml(yaml(''));
    assert.deepEqual(result.attempts.map((a) => a.status), [503]);
    assert.equal(result.errors[0].code, 'server_error');
    assert.deepEqual(clock.waits, []);
  });

  it('retry: {} retries 429, 502, 503 and 504 up to 3 attempts, waiting 500ms then 1s (jitter off)', async () => {
    for (const status of [429, 502, 503, 504]) {
      server = await startServer((r, res) => json(res, status, {}));
      const { result, clock } = await runYaml(yaml('retry: { backoff: { jitter: none } }\n'));
      assert.deepEqual(result.attempts.map((a) => a.status), [status, status, status], String(status));
      assert.deepEqual(clock.waits, [500, 1000], String(status));
      await server.close();
    }
  });

  it('retry: {} waits with full jitter by default, never above the exponential ceiling', async () => {
    server = await startServer((r, res) => json(res, 503, {}));
    const waits: number[][] = [];
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const { clock } = await runYaml(yaml('retry: { maxAttempts: 3 }\n'), { random: seededRandom(seed) });
      assert.equal(clock.waits.length, 2);
      assert.ok(clock.waits[0] <= 500 && clock.waits[1] <= 1000, String(clock.waits));
      waits.push(clock.waits);
    }
    // Jitter: the waits differ between seeds (without it every run would wait 500 then 1000).
    assert.ok(new Set(waits.map((w) => w.join())).size > 1, JSON.stringify(waits));
  });

  it('backoff doubles up to 30s by default', async () => {
    server = await startServer((r, res) => json(res, 503, {}));
    const { clock } = await runYaml(yaml('retry: { maxAttempts: 10, backoff: { jitter: none } }\n'));
    assert.deepEqual(clock.waits, [500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('500 is not retried by default (not in the default retry.on)', async () => {
    server = await startServer(sequence((r, res) => json(res, 500, {}), (r, res) => json(res, 200, {})));
    const { result, clock } = await runYaml(yaml('retry: { maxAttempts: 3 }\n'));
    assert.deepEqual(result.attempts.map((a) => a.status), [500]);
    assert.equal(result.errors[0].code, 'server_error');
    assert.equal(server.requests.length, 1);
    assert.deepEqual(clock.waits, []);
  });

  it('a network failure (connection dropped) is retried by default', async () => {
    server = await startServer(
      sequence(
        (r, res, raw) => {
          raw.socket.destroy();
        },
        (r, res) => json(res, 200, { ok: 1 }),
      ),
    );
    const { result } = await runYaml(yaml('retry: { maxAttempts: 3 }\n'));
    assert.equal(result.ok, true, JSON.stringify(result.errors));
    assert.deepEqual(result.attempts.map((a) => a.error ?? a.status), ['network', 200]);
    assert.equal(server.requests.length, 2);
  });

  it('a network failure is not retried when retry.on leaves it out', async () => {
    server = await startServer((r, res, raw) => {
      raw.socket.destroy();
    });
    const { result } = await runYaml(yaml('retry: { maxAttempts: 3, on: [503] }\n'));
    assert.deepEqual(result.attempts.map((a) => a.error), ['network']);
    assert.equal(result.errors[0].code, 'network');
  });

  it('PUT, DELETE, HEAD and OPTIONS are retried without an idempotency key', async () => {
    for (const method of ['PUT', 'DELETE', 'HEAD', 'OPTIONS']) {
      server = await startServer(sequence((r, res) => json(res, 503, {}), (r, res) => json(res, 200, {})));
      const { result } = await runYaml(yaml('retry: { maxAttempts: 3, on: [503] }\n', method));
      assert.deepEqual(result.attempts.map((a) => a.status), [503, 200], method);
      assert.deepEqual(server.requests.map((r) => r.method), [method, method]);
      assert.equal(server.requests[1].headers['idempotency-key'], undefined, method);
      await server.close();
    }
  });

  it('respectRetryAfter: false ignores Retry-After and waits the backoff (no maxWait failure)', async () => {
    server = await startServer(sequence((r, res) => json(res, 429, {}, { 'retry-after': '120' }), (r, res) => json(res, 200, {})));
    const { result, clock } = await runYaml(yaml('retry: { maxAttempts: 3, respectRetryAfter: false, backoff: { initial: 200ms, jitter: none } }\n'));
    assert.equal(result.ok, true, JSON.stringify(result.errors));
    assert.deepEqual(clock.waits, [200]);
    assert.deepEqual(result.attempts.map((a) => a.waitMs), [0, 200]);
  });

  it('maxWait defaults to 60s: a Retry-After of 60 is waited, 61 fails', async () => {
    server = await startServer(sequence((r, res) => json(res, 429, {}, { 'retry-after': '60' }), (r, res) => json(res, 200, {})));
    const ok = await runYaml(yaml('retry: {}\n'));
    assert.equal(ok.result.ok, true, JSON.stringify(ok.result.errors));
    assert.deepEqual(ok.clock.waits, [60_000]);
    await server.close();
    server = await startServer((r, res) => json(res, 429, {}, { 'retry-after': '61' }));
    const refused = await runYaml(yaml('retry: {}\n'));
    assert.equal(refused.result.errors[0].code, 'rate_limited');
    assert.match(refused.result.errors[0].hint, /retry\.maxWait/);
    assert.deepEqual(refused.clock.waits, []);
  });

  it('retries timeouts when listed and stops at maxAttempts', async () => {
    server = await startServer(() => undefined);
    const { result } = await runYaml(yaml('retry: { maxAttempts: 2, on: [timeout] }\n', 'GET', '  timeout: 100ms\n'));
    assert.deepEqual(result.attempts.map((a) => a.error), ['timeout', 'timeout']);
    assert.equal(result.errors[0].code, 'timeout');
  });

  it('a cancelled run stops waiting and reports cancelled', async () => {
    server = await startServer((r, res) => json(res, 503, {}));
    const ac = new AbortController();
    const clock = fakeClock();
    const sleep = clock.sleep;
    clock.sleep = async (ms, signal) => {
      ac.abort();
      return sleep(ms, signal);
    };
    const { result } = await runYaml(yaml('retry: { maxAttempts: 3, on: [503] }\n'), { clock, signal: ac.signal });
    assert.equal(result.errors[0].code, 'cancelled');
    assert.equal(server.requests.length, 1);
  });
});
