/** Exponential backoff with a cap, full jitter by default ("Exponential Backoff And Jitter", AWS). */
import type { Random } from '../ports';
import type { RetryPolicy } from './policy';

/** The ceiling before the `retry`-th retry (1-based): min(max, initial · 2^(retry-1)). */
export function backoffCeiling(retry: number, policy: Pick<RetryPolicy, 'initialMs' | 'maxMs'>): number {
  const exp = policy.initialMs * 2 ** Math.max(0, retry - 1);
  return Math.min(policy.maxMs, Number.isFinite(exp) ? exp : policy.maxMs);
}

/** The wait before the `retry`-th retry: uniform in [0, ceiling] with full jitter, the ceiling without. */
export function backoffDelay(retry: number, policy: Pick<RetryPolicy, 'initialMs' | 'maxMs' | 'jitter'>, random: Random): number {
  const ceiling = backoffCeiling(retry, policy);
  if (policy.jitter === 'none') return ceiling;
  const r = random();
  const u = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0;
  return Math.floor(u * ceiling);
}
