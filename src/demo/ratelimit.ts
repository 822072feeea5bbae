/** A fixed-window rate limit per API, with the `X-RateLimit-*` headers real APIs send. */

export interface RateDecision {
  allowed: boolean;
  headers: Record<string, string>;
}

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly now: () => number,
    readonly limit: number,
    readonly windowMs = 60_000,
  ) {}

  take(api: string): RateDecision {
    const now = this.now();
    let w = this.windows.get(api);
    if (!w || now - w.start >= this.windowMs) {
      w = { start: now, count: 0 };
      this.windows.set(api, w);
    }
    const resetSeconds = Math.max(1, Math.ceil((w.start + this.windowMs - now) / 1000));
    const allowed = w.count < this.limit;
    if (allowed) w.count += 1;
    const headers: Record<string, string> = {
      'X-RateLimit-Limit': String(this.limit),
      'X-RateLimit-Remaining': String(this.limit - w.count),
      'X-RateLimit-Reset': String(resetSeconds),
    };
    if (!allowed) headers['Retry-After'] = String(resetSeconds);
    return { allowed, headers };
  }
}
