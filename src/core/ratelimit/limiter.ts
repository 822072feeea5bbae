/**
 * Client-side rate limits (README "Rate limits", docs/reference.md#ratelimit): `rateLimit: { requests,
 * per }` allows at most `requests` sends in any window of length `per`. A sliding-window log (the
 * times of the last `requests` sends): a send waits until the oldest of them leaves the window, so
 * there is never a burst above the limit, not even across a window boundary. One limiter per
 * integration (name + file) in the process, shared by every run of it, counting every send: pages,
 * chunks and retries alike.
 */
import { IonError } from '../errors';
import type { Clock } from '../ports';

export interface RateLimitSpec {
  requests: number;
  /** The window, in milliseconds. */
  perMs: number;
}

export class SlidingWindowLimiter {
  /** Times of the sends still inside the window, oldest first (at most `requests`). */
  private readonly sent: number[] = [];
  /** Sends are granted one at a time, in the order they were asked for. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly spec: RateLimitSpec) {}

  /** The spacing of sends at the limit (`per / requests`), for the "lower the rate" hint. */
  get paceMs(): number {
    return this.spec.perMs / this.spec.requests;
  }

  /**
   * Waits (on `clock`) until one more send fits the window and records it; resolves with the time
   * waited. Cancelling the wait rejects with `cancelled` and records nothing.
   */
  acquire(clock: Clock, signal?: AbortSignal): Promise<number> {
    const turn = this.queue.then(() => this.take(clock, signal));
    // The next caller waits for this one's turn whatever its outcome.
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async take(clock: Clock, signal?: AbortSignal): Promise<number> {
    let waited = 0;
    for (;;) {
      const now = clock.now();
      // The clock went back (a wall-clock correction): times from "the future" would block for as long.
      if (this.sent.length > 0 && this.sent[this.sent.length - 1] > now) this.sent.length = 0;
      while (this.sent.length > 0 && this.sent[0] <= now - this.spec.perMs) this.sent.shift();
      if (this.sent.length < this.spec.requests) {
        this.sent.push(now);
        return waited;
      }
      const wait = Math.max(1, this.sent[0] + this.spec.perMs - now);
      try {
        await clock.sleep(wait, signal);
      } catch {
        throw new IonError('cancelled', 'the run was cancelled while waiting for the rate limit');
      }
      waited += wait;
    }
  }
}

/** The limiters of one process, by integration (name + file). */
export class RateLimitRegistry {
  private readonly limiters = new Map<string, SlidingWindowLimiter>();

  /** The limiter for this integration; a changed `rateLimit` (the file was edited) starts a new one. */
  for(name: string, file: string, spec: RateLimitSpec): SlidingWindowLimiter {
    const key = `${name}\u0000${file}`;
    const existing = this.limiters.get(key);
    if (existing && existing.spec.requests === spec.requests && existing.spec.perMs === spec.perMs) return existing;
    const limiter = new SlidingWindowLimiter(spec);
    this.limiters.set(key, limiter);
    return limiter;
  }
}

/** The process-wide registry: `ion serve`, the editor and `ion test --live` share it. */
export const defaultRateLimits = new RateLimitRegistry();
