/**
 * The I/O the core needs, handed in by whoever runs it (CLI, extension, tests). No globals.
 */

/** Where secret values come from: ION_SECRET_* in the CLI, SecretStorage in the editor, dummies in fixture tests. */
export interface SecretSource {
  /**
   * The value of secret `name` for `environment`: a per-environment value (`NAME@env`,
   * `ION_SECRET_NAME__ENV`) wins over the plain one. Undefined when not set.
   */
  get(name: string, environment?: string): Promise<string | undefined>;
  /**
   * Whether the secret may be sent to `origin` (`scheme://host[:port]`, compared exactly).
   * The CLI answers from ION_SECRET_<NAME>_ORIGINS (unset: any origin); the editor may prompt.
   */
  allowOrigin(name: string, origin: string, environment?: string): Promise<boolean>;
}

/** Time, injectable so backoff and Retry-After are tested without waiting. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`, or rejects with an AbortError when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** A random source in [0, 1), injectable so jitter bounds are checkable. */
export type Random = () => number;

/** The process environment as the engine may read it (only ION_* names are ever read). */
export type EnvSource = Readonly<Record<string, string | undefined>>;

/** The longest delay `setTimeout` honours. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason ?? new DOMException('Aborted', 'AbortError'));
        return;
      }
      // A timer longer than 2^31-1 ms fires at once (Node clamps it to 1 ms): a long wait (a
      // `rateLimit` window of weeks) is slept in steps, so it is never cut short.
      const end = performance.now() + ms;
      let timer: ReturnType<typeof setTimeout>;
      const step = () => {
        const left = end - performance.now();
        if (!(left > 0)) {
          signal?.removeEventListener('abort', onAbort);
          resolve();
          return;
        }
        timer = setTimeout(step, Math.min(left, MAX_TIMER_MS));
      };
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason ?? new DOMException('Aborted', 'AbortError'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      timer = setTimeout(step, Math.min(Math.max(0, ms), MAX_TIMER_MS));
    }),
};
