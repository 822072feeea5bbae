/**
 * Virtual time for fixture tests: waits (backoff, Retry-After) and fixture delays advance a virtual
 * offset at once instead of sleeping, and are reported. `now()` is the real time plus that offset,
 * so a run's `durationMs` is what it would have taken live (real work + virtual waits), while each
 * attempt's `waitMs` stays the policy's value.
 *
 * The exchange timeout runs on the same virtual time (`HttpTransport.startTimer`): when the fixture
 * server is asked to delay an answer by d ms and a pending timer of at most d ms exists, that timer
 * fires (the engine sees a real `timeout`) instead of anyone waiting.
 */
import type { Clock } from '../ports';

interface PendingTimer {
  ms: number;
  fire: () => void;
}

export class VirtualTime {
  private offset = 0;
  private nextId = 1;
  private readonly timers = new Map<number, PendingTimer>();
  /** The waits the engine asked for (backoff, Retry-After), in order. */
  readonly sleeps: number[] = [];

  constructor(private readonly realNow: () => number = Date.now) {}

  /** Total virtual time: the waits plus the simulated delays. */
  get elapsedMs(): number {
    return this.offset;
  }

  readonly clock: Clock = {
    now: () => this.realNow() + this.offset,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason ?? new DOMException('Aborted', 'AbortError');
      const d = Math.max(0, ms);
      this.sleeps.push(d);
      this.offset += d;
    },
  };

  /** `HttpTransport.startTimer` in virtual time: nothing real is scheduled. */
  readonly startTimer = (ms: number, fire: () => void): (() => void) => {
    const id = this.nextId++;
    this.timers.set(id, { ms, fire });
    return () => {
      this.timers.delete(id);
    };
  };

  /** Number of exchange timers pending (for tests of the seam). */
  get pendingTimers(): number {
    return this.timers.size;
  }

  /**
   * A fixture asks to answer after `ms`: fires the shortest pending timer that would expire first
   * (→ 'timeout') or lets the answer through (→ 'answer'); either way virtual time advances.
   */
  delay(ms: number): 'timeout' | 'answer' {
    let soonest: [number, PendingTimer] | undefined;
    for (const entry of this.timers) if (entry[1].ms <= ms && (!soonest || entry[1].ms < soonest[1].ms)) soonest = entry;
    if (soonest) {
      this.timers.delete(soonest[0]);
      this.offset += soonest[1].ms;
      soonest[1].fire();
      return 'timeout';
    }
    this.offset += Math.max(0, ms);
    return 'answer';
  }
}
