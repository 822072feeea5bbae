/** The retry policy (docs/reference.md#retry), with its defaults, and the decision whether to retry. */
import type { HttpMethod, RetryOn, RetrySpec } from '../model';
import { parseDuration } from '../units';

export interface RetryPolicy {
  maxAttempts: number;
  on: ReadonlySet<RetryOn>;
  initialMs: number;
  maxMs: number;
  jitter: 'full' | 'none';
  respectRetryAfter: boolean;
  maxWaitMs: number;
  retryUnsafe: boolean;
}

export const DEFAULT_RETRY_ON: readonly RetryOn[] = [429, 502, 503, 504, 'timeout', 'network'];
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/** The policy for a `retry:` block; absent block: one attempt. */
export function retryPolicy(spec: RetrySpec | undefined): RetryPolicy {
  if (!spec) {
    return { maxAttempts: 1, on: new Set(), initialMs: 500, maxMs: 30_000, jitter: 'full', respectRetryAfter: true, maxWaitMs: 60_000, retryUnsafe: false };
  }
  const n = Number(spec.maxAttempts ?? 3);
  return {
    maxAttempts: Number.isInteger(n) && n >= 1 ? Math.min(n, 100) : 3,
    on: new Set(spec.on ?? DEFAULT_RETRY_ON),
    initialMs: parseDuration(spec.backoff?.initial) ?? 500,
    maxMs: parseDuration(spec.backoff?.max) ?? 30_000,
    jitter: spec.backoff?.jitter === 'none' ? 'none' : 'full',
    respectRetryAfter: spec.respectRetryAfter !== false,
    maxWaitMs: parseDuration(spec.maxWait) ?? 60_000,
    retryUnsafe: spec.retryUnsafe === true,
  };
}

/** Whether the method may be retried at all: idempotent, or with an idempotency key, or `retryUnsafe`. */
export function methodRetryable(method: string, hasIdempotencyKey: boolean, policy: RetryPolicy): boolean {
  return IDEMPOTENT.has(method.toUpperCase() as HttpMethod) || hasIdempotencyKey || policy.retryUnsafe;
}

/** Whether an outcome is in `retry.on`: a status, or `timeout` / `network`. 4xx other than 408/429 never. */
export function outcomeRetryable(outcome: { status?: number; error?: string }, policy: RetryPolicy): boolean {
  if (outcome.status !== undefined) {
    const s = outcome.status;
    if (s >= 400 && s < 500 && s !== 408 && s !== 429) return false;
    return policy.on.has(s);
  }
  if (outcome.error === 'timeout') return policy.on.has('timeout');
  if (outcome.error === 'network') return policy.on.has('network');
  return false;
}
