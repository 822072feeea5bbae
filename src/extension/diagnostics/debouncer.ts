/** Per-key debouncing: the last call for a key within the delay wins (the delay can change at run time). */
export interface TimerApi {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: TimerApi = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class KeyedDebouncer {
  private readonly pending = new Map<string, unknown>();

  constructor(
    private delayMs: number,
    private readonly timers: TimerApi = realTimers,
  ) {}

  /** The quiet period of later calls (negative or non-finite values count as 0). */
  get delay(): number {
    return this.delayMs;
  }

  set delay(ms: number) {
    this.delayMs = Number.isFinite(ms) && ms > 0 ? ms : 0;
  }

  /** Runs `fn` once `key` has been quiet for the delay (or `delayMs`, e.g. 0 for "at once, but not inside this call"). */
  schedule(key: string, fn: () => void, delayMs = this.delayMs): void {
    this.cancel(key);
    this.pending.set(
      key,
      this.timers.set(() => {
        this.pending.delete(key);
        fn();
      }, delayMs),
    );
  }

  cancel(key: string): void {
    const handle = this.pending.get(key);
    if (handle !== undefined) {
      this.timers.clear(handle);
      this.pending.delete(key);
    }
  }

  isPending(key: string): boolean {
    return this.pending.has(key);
  }

  dispose(): void {
    for (const key of [...this.pending.keys()]) this.cancel(key);
  }
}
