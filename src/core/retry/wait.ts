/** Waiting before a retry on the injected clock; a cancel during the wait becomes `cancelled`. */
import { IonError } from '../errors';
import type { Clock } from '../ports';

export async function waitToRetry(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return;
  try {
    await clock.sleep(ms, signal);
  } catch {
    throw new IonError('cancelled', 'the run was cancelled while waiting to retry');
  }
}
