import assert from 'node:assert/strict';
import { Scheduler } from '../../../src/core/serve';
import type { Clock } from '../../../src/core/ports';

function fakeClock(start: number): Clock & { set(t: number): void } {
  let t = start;
  return { now: () => t, sleep: async () => undefined, set: (v) => (t = v) };
}

describe('serve: schedules on a fake clock', () => {
  const T0 = Date.UTC(2026, 0, 1, 10, 0, 30); // 10:00:30 UTC

  it('a tick fires once; a tick while the run is still going is skipped (no overlap)', async () => {
    const clock = fakeClock(T0);
    let release!: () => void;
    const runs: number[] = [];
    const skipped: number[] = [];
    const s = new Scheduler([{ integration: 'a', cron: '* * * * *', timezone: 'UTC' }], {
      clock,
      run: (_i, at) => {
        runs.push(at);
        return new Promise<void>((r) => (release = r));
      },
      skipped: (_i, at) => skipped.push(at),
    });
    assert.deepEqual(s.poll(), [], 'nothing due before 10:01');
    clock.set(T0 + 30_000); // 10:01:00
    assert.deepEqual(s.poll().map((p) => p.outcome), ['ran']);
    assert.deepEqual(s.poll(), [], 'the same tick does not fire twice');
    clock.set(T0 + 90_000); // 10:02:00, the 10:01 run still going
    assert.deepEqual(s.poll().map((p) => p.outcome), ['skipped']);
    assert.equal(runs.length, 1);
    assert.deepEqual(skipped, [Date.UTC(2026, 0, 1, 10, 2)]);
    release();
    await new Promise((r) => setImmediate(r));
    clock.set(T0 + 150_000); // 10:03:00
    assert.deepEqual(s.poll().map((p) => p.outcome), ['ran'], 'runs again once the previous run ended');
    assert.deepEqual(runs, [Date.UTC(2026, 0, 1, 10, 1), Date.UTC(2026, 0, 1, 10, 3)]);
    release();
    await s.stop();
  });

  it('after a sleep of an hour: one catch-up run, not sixty', async () => {
    const clock = fakeClock(T0);
    const runs: number[] = [];
    const s = new Scheduler([{ integration: 'a', cron: '* * * * *' }], { clock, run: async (_i, at) => void runs.push(at), skipped: () => assert.fail('nothing to skip') });
    clock.set(T0 + 3600_000);
    assert.equal(s.poll().length, 1);
    await new Promise((r) => setImmediate(r));
    assert.equal(s.poll().length, 0);
    assert.equal(runs.length, 1);
    await s.stop();
  });

  it('after a stopped process (last tick persisted): one catch-up run at start; none without a missed tick', async () => {
    const clock = fakeClock(T0);
    const runs: string[] = [];
    const ticks: Record<string, number> = {};
    const s = new Scheduler(
      [
        { integration: 'hourly', cron: '0 * * * *' },
        { integration: 'daily', cron: '0 3 * * *', timezone: 'Europe/Madrid' },
      ],
      { clock, lastTicks: { hourly: T0 - 5 * 3600_000, daily: T0 - 60_000 }, run: async (i) => void runs.push(i), skipped: () => undefined, onTick: (i, at) => (ticks[i] = at) },
    );
    assert.deepEqual(s.poll().map((p) => p.integration), ['hourly'], 'five missed hourly ticks: one run; the daily one missed none');
    assert.deepEqual(ticks, { hourly: T0 });
    const next = s.nextRuns();
    assert.equal(next[0].nextRun, '2026-01-01T11:00:00.000Z');
    assert.equal(next[1].nextRun, '2026-01-02T02:00:00.000Z', '03:00 in Madrid (UTC+1 in January)');
    await s.stop();
  });
});
