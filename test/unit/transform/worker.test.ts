import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { HARD_CAP_GRACE_MS, runTransform, type TransformOutcome } from '../../../src/core/transform';
import { inputFor } from './helpers';

/** One built-in call the interrupt handler cannot stop: in-thread it overran a 100 ms cap by seconds. */
const LONG_BUILTIN = 'const a = new Array(1e7).fill(1.5); return a.length';
const BIG = 512 * 1024 * 1024;

function kind(o: TransformOutcome): string {
  return o.ok ? 'ok' : o.error.kind;
}

describe('transform sandbox: a worker thread with a hard cap', () => {
  it('stops one long built-in call shortly after its cap (the worker is terminated) and the next run works', async function () {
    this.timeout(30_000);
    const r = await runTransform(LONG_BUILTIN, inputFor({}), { timeoutMs: 100, memoryBytes: BIG });
    assert.equal(kind(r), 'timeout', JSON.stringify(r));
    assert.ok(!r.ok && r.error.message === 'transform timed out after 100 ms (transform.timeout)');
    // Counted from the script's start (not the worker's boot): cap + grace + scheduling slack.
    assert.ok(r.durationMs < 100 + HARD_CAP_GRACE_MS + 250, `overran to ${r.durationMs} ms`);
    const next = await runTransform('return input.json.a + 1', inputFor({ a: 1 }));
    assert.deepEqual(next.ok && next.value, 2, JSON.stringify(next));
  });

  it('the calling thread stays free while a script loops', async function () {
    this.timeout(30_000);
    await runTransform('return 1', inputFor({})); // the worker is up
    let last = performance.now();
    let worstGap = 0;
    const tick = setInterval(() => {
      const now = performance.now();
      worstGap = Math.max(worstGap, now - last);
      last = now;
    }, 10);
    try {
      const r = await runTransform('while (true) {}', inputFor({}), { timeoutMs: 1000 });
      assert.equal(kind(r), 'timeout');
      await new Promise((resolve) => setTimeout(resolve, 30)); // a tick after the run counts too
    } finally {
      clearInterval(tick);
    }
    assert.ok(worstGap < 300, `the event loop stalled for ${worstGap} ms`);
  });

  it('a cancellation the script cannot see ends the run within the grace', async function () {
    this.timeout(30_000);
    await runTransform('return 1', inputFor({}), { memoryBytes: BIG }); // the module for this cap is loaded
    const controller = new AbortController();
    const started = performance.now();
    setTimeout(() => controller.abort(), 50);
    const r = await runTransform(LONG_BUILTIN, inputFor({}), { timeoutMs: 20_000, memoryBytes: BIG, signal: controller.signal });
    assert.equal(kind(r), 'cancelled', JSON.stringify(r));
    assert.ok(performance.now() - started < 50 + HARD_CAP_GRACE_MS + 400, `took ${performance.now() - started} ms`);
  });

  it('runs queued on one worker all complete, in order of their results', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => runTransform(`return ${i} * 2`, inputFor({}))));
    assert.deepEqual(results.map((r) => (r.ok ? r.value : r.error.message)), Array.from({ length: 20 }, (_, i) => i * 2));
  });

  it('an idle worker does not keep the process alive', function () {
    this.timeout(30_000);
    const code = `require(${JSON.stringify(join(__dirname, '../../../src/core/transform'))}).runTransform('return 7', { body: '', status: 200, headers: {}, params: {}, vars: {} }).then((r) => console.log(JSON.stringify(r.value)))`;
    const started = Date.now();
    const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', code], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(child.status, 0, child.stderr);
    assert.equal(child.stdout.trim(), '7');
    assert.ok(Date.now() - started < 15_000);
  });
});
