import { strict as assert } from 'node:assert';
import { RateLimitRegistry, SlidingWindowLimiter } from '../../../src/core/ratelimit';
import type { Clock } from '../../../src/core/ports';
import { json, sequence, startServer, type TestServer } from '../../helpers/server';
import { runYaml } from '../../helpers/engine';
import { fakeClock } from '../../helpers/clock';

/** A clock whose sleeps resolve only when the test advances time past them. */
function manualClock(start = 1_000_000) {
  let t = start;
  const timers: Array<{ at: number; resolve: () => void; reject: (e: unknown) => void }> = [];
  const clock: Clock = {
    now: () => t,
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(new Error('aborted'));
        const timer = { at: t + ms, resolve, reject };
        timers.push(timer);
        signal?.addEventListener('abort', () => {
          timers.splice(timers.indexOf(timer), 1);
          reject(new Error('aborted'));
        });
      }),
  };
  const settle = () => new Promise((r) => setImmediate(r));
  return {
    clock,
    pending: () => timers.length,
    /** Runs until nothing waits: each step jumps to the next timer. */
    async drain(): Promise<void> {
      for (let guard = 0; guard < 10_000; guard++) {
        await settle();
        if (timers.length === 0) {
          await settle();
          if (timers.length === 0) return;
          continue;
        }
        timers.sort((a, b) => a.at - b.at);
        const next = timers.shift()!;
        t = Math.max(t, next.at);
        next.resolve();
      }
      throw new Error('did not settle');
    },
  };
}

function maxInWindow(times: number[], perMs: number): number {
  let max = 0;
  for (const t of times) max = Math.max(max, times.filter((x) => x > t - perMs && x <= t).length);
  return max;
}

describe('rateLimit: the sliding window', () => {
  it('concurrent callers never get more than `requests` grants in any window', async () => {
    const m = manualClock();
    const limiter = new SlidingWindowLimiter({ requests: 3, perMs: 1000 });
    const grants: number[] = [];
    const caller = async (n: number) => {
      for (let i = 0; i < n; i++) {
        await limiter.acquire(m.clock);
        grants.push(m.clock.now());
      }
    };
    const all = Promise.all([caller(5), caller(4), caller(6)]);
    await m.drain();
    await all;
    assert.equal(grants.length, 15);
    assert.equal(maxInWindow(grants, 1000), 3);
    // 15 grants at 3 per second: the last one 4 s after the first, not earlier.
    assert.equal(grants[14] - grants[0], 4000);
  });

  it('a cancelled wait rejects with `cancelled` and takes no slot', async () => {
    const m = manualClock();
    const limiter = new SlidingWindowLimiter({ requests: 1, perMs: 1000 });
    await limiter.acquire(m.clock);
    const ac = new AbortController();
    const waiting = limiter.acquire(m.clock, ac.signal);
    await new Promise((r) => setImmediate(r));
    assert.equal(m.pending(), 1);
    ac.abort();
    await assert.rejects(waiting, (e: { code?: string }) => e.code === 'cancelled');
    // The next caller waits for the first grant's window only.
    const next = limiter.acquire(m.clock);
    await m.drain();
    assert.equal(await next, 1000);
  });

  it('the registry shares one limiter per integration (name + file), new when the spec changes', () => {
    const r = new RateLimitRegistry();
    const a = r.for('n', '/f.ion.yaml', { requests: 2, perMs: 1000 });
    assert.equal(r.for('n', '/f.ion.yaml', { requests: 2, perMs: 1000 }), a);
    assert.notEqual(r.for('n', '/g.ion.yaml', { requests: 2, perMs: 1000 }), a);
    assert.notEqual(r.for('n', '/f.ion.yaml', { requests: 3, perMs: 1000 }), a);
  });
});

describe('rateLimit: in runs', () => {
  let server: TestServer;
  afterEach(async () => server?.close());

  it('concurrent runs of one integration share the window; pages and retries count; waits are the attempts\' waitMs', async () => {
    const clock = fakeClock();
    const start = clock.now();
    const seen: number[] = [];
    let n = 0;
    server = await startServer((req, res) => {
      seen.push(clock.now());
      n++;
      // Every 4th request is a 503 that is retried.
      if (n % 4 === 0) return json(res, 503, {});
      json(res, 200, [n], req.url.includes('page=2') ? {} : { link: '</l?page=2>; rel="next"' });
    });
    const rateLimits = new RateLimitRegistry();
    const yaml = `version: 1
name: limited
request: { url: "${server.origin}/l" }
retry: { maxAttempts: 3, on: [503], backoff: { initial: 1ms, jitter: none } }
paginate: { style: link }
rateLimit: { requests: 2, per: 1s }
`;
    const runs = await Promise.all([1, 2, 3].map(() => runYaml(yaml, { clock, rateLimits })));
    for (const r of runs) assert.equal(r.result.ok, true, JSON.stringify(r.result.errors));
    const sends = runs.reduce((s, r) => s + r.result.attempts.length, 0);
    assert.equal(sends, seen.length);
    assert.ok(sends >= 7, `pages and retries all counted (${sends})`);
    // One window for the three runs: 2 sends a second, so the last send is at least
    // ceil(sends / 2) - 1 seconds after the first (the strict window is checked above on a manual clock).
    // (Times seen by the server are skewed by the fake clock's instant sleeps; the time the runs took is not.)
    assert.ok(clock.now() - start >= (Math.ceil(sends / 2) - 1) * 1000, `took ${clock.now() - start} ms for ${sends} sends`);
    const waits = runs.flatMap((r) => r.result.attempts.map((a) => a.waitMs));
    assert.ok(waits.some((w) => w >= 500), `rate-limit waits are reported: ${waits.join(',')}`);
  });

  it('a 429 whose Retry-After is longer than the pace adds a hint to lower the rate', async () => {
    server = await startServer(sequence((req, res) => json(res, 429, {}, { 'retry-after': '30' }), (req, res) => json(res, 200, {})));
    const { result } = await runYaml(`version: 1
name: limited
request: { url: "${server.origin}/l" }
retry: { maxAttempts: 2, maxWait: 1m }
rateLimit: { requests: 10, per: 1s }
`, { rateLimits: new RateLimitRegistry() });
    assert.equal(result.ok, true, JSON.stringify(result.errors));
    assert.deepEqual(result.warnings?.map((w) => w.code), ['rate_limit']);
    assert.match(result.warnings![0].message, /lower `rateLimit.requests`/);
    server.requests.length = 0;
    await server.close();
    server = await startServer((req, res) => json(res, 429, {}, { 'retry-after': '30' }));
    const failed = await runYaml(`version: 1
name: limited
request: { url: "${server.origin}/l" }
retry: { maxAttempts: 1 }
rateLimit: { requests: 10, per: 1s }
`, { rateLimits: new RateLimitRegistry() });
    assert.equal(failed.result.errors[0].code, 'rate_limited');
    assert.match(failed.result.errors[0].hint, /lower `rateLimit.requests`/);
  });

  it('cancelling a run while it waits for the rate limit ends it as `cancelled`', async () => {
    server = await startServer((req, res) => json(res, 200, [1], { link: '</l?next>; rel="next"' }));
    const ac = new AbortController();
    const { systemClock } = await import('../../../src/core/ports');
    setTimeout(() => ac.abort(), 150);
    const started = Date.now();
    const { result } = await runYaml(`version: 1
name: limited
request: { url: "${server.origin}/l" }
paginate: { style: link }
rateLimit: { requests: 1, per: 1m }
`, { clock: systemClock, signal: ac.signal, rateLimits: new RateLimitRegistry() });
    assert.equal(result.errors[0].code, 'cancelled');
    assert.match(result.errors[0].message, /page 2: .*rate limit/);
    assert.ok(Date.now() - started < 5000);
  });
});
