/** Per-key debouncing: the last call for a key within `delayMs` wins. */
export interface TimerApi {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realTimers: TimerApi = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class KeyedDebouncer {
  private readonly pending = new Map<string, unknown>();

  constructor(
    private readonly delayMs: number,
    private readonly timers: TimerApi = realTimers,
  ) {}

  schedule(key: string, fn: () => void): void {
    this.cancel(key);
    this.pending.set(
      key,
      this.timers.set(() => {
        this.pending.delete(key);
        fn();
      }, this.delayMs),
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
