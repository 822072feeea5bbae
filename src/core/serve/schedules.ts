/**
 * Schedule triggers of `ion serve` (docs/reference.md#ion-serve): croner computes the ticks (with
 * `timezone`); this file decides what runs. One run at a time per integration (a tick while it
 * runs is skipped and reported as such); after a sleep or a stopped process the missed ticks
 * collapse into at most one catch-up run. Time comes from an injected clock, and the loop polls
 * at least every 30s, so a laptop waking from sleep notices missed ticks without a burst.
 */
import { Cron } from 'croner';
import type { Clock } from '../ports';

export interface ScheduleSpec {
  integration: string;
  cron: string;
  timezone?: string;
}

export type TickOutcome = 'ran' | 'skipped';

export interface SchedulerOptions {
  clock: Clock;
  /** Runs one tick; resolves when the run is over. */
  run(integration: string, scheduledAt: number): Promise<void>;
  /** Reports a tick that fell while the previous run of the same integration was still going. */
  skipped(integration: string, scheduledAt: number): void;
  /** When each integration's schedule was last considered before this process (for one catch-up run). */
  lastTicks?: Record<string, number>;
  /** Called with the new last tick of an integration, to persist it. */
  onTick?(integration: string, at: number): void;
}

interface Entry {
  spec: ScheduleSpec;
  cron: Cron;
  /** Ticks at or before this time have been handled. */
  handledUntil: number;
  running: Promise<void> | undefined;
}

const MAX_SLEEP_MS = 30_000;

export class Scheduler {
  private readonly entries: Entry[] = [];
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    specs: ScheduleSpec[],
    private readonly options: SchedulerOptions,
  ) {
    const now = options.clock.now();
    for (const spec of specs) {
      const cron = new Cron(spec.cron, { timezone: spec.timezone, paused: true });
      const last = options.lastTicks?.[spec.integration];
      this.entries.push({ spec, cron, handledUntil: last !== undefined && last < now ? last : now, running: undefined });
    }
  }

  /** The next tick of each schedule (for `/healthz`). */
  nextRuns(): Array<{ integration: string; cron: string; timezone: string | null; nextRun: string | null; running: boolean }> {
    return this.entries.map((e) => {
      const next = e.cron.nextRun(new Date(Math.max(e.handledUntil, this.options.clock.now())));
      return { integration: e.spec.integration, cron: e.spec.cron, timezone: e.spec.timezone ?? null, nextRun: next ? next.toISOString() : null, running: e.running !== undefined };
    });
  }

  /**
   * Handles every tick due by now: at most one run per integration, however many ticks were
   * missed. Returns what happened, for tests.
   */
  poll(): Array<{ integration: string; outcome: TickOutcome; at: number }> {
    const now = this.options.clock.now();
    const done: Array<{ integration: string; outcome: TickOutcome; at: number }> = [];
    for (const e of this.entries) {
      const next = e.cron.nextRun(new Date(e.handledUntil));
      if (!next || next.getTime() > now) continue;
      // Every tick up to now is handled by this one decision (no burst after a sleep).
      const at = next.getTime();
      e.handledUntil = now;
      this.options.onTick?.(e.spec.integration, now);
      if (e.running) {
        this.options.skipped(e.spec.integration, at);
        done.push({ integration: e.spec.integration, outcome: 'skipped', at });
        continue;
      }
      const p = this.options
        .run(e.spec.integration, at)
        .catch(() => undefined)
        .finally(() => {
          if (e.running === p) e.running = undefined;
        });
      e.running = p;
      done.push({ integration: e.spec.integration, outcome: 'ran', at });
    }
    return done;
  }

  /** Starts the timer loop (real time). */
  start(): void {
    if (this.entries.length === 0) return;
    const loop = () => {
      if (this.stopped) return;
      this.poll();
      const now = this.options.clock.now();
      let wait = MAX_SLEEP_MS;
      for (const e of this.entries) {
        const next = e.cron.nextRun(new Date(e.handledUntil));
        if (next) wait = Math.min(wait, Math.max(0, next.getTime() - now));
      }
      this.timer = setTimeout(loop, wait + 5);
    };
    loop();
  }

  /** Stops firing; resolves when the runs in flight are over. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await Promise.all(this.entries.map((e) => e.running));
  }
}
