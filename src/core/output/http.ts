/**
 * The `http` output: sends the output as JSON (POST by default) to `url` with its own `headers`,
 * never the integration's `auth`. Retried (429, 5xx, timeout, network; full-jitter backoff) only
 * when the target has its own `idempotencyKey`, since a retried notification may be a duplicate.
 */
import { IonError } from '../errors';
import type { HttpOutput, JsonValue } from '../model';
import { sendOnce, type OutgoingRequest } from '../http/send';
import { backoffDelay, waitToRetry } from '../retry';
import type { OutputContext } from './types';

const MAX_ATTEMPTS_WITH_KEY = 3;
const MAX_RESPONSE_BYTES = 1024 * 1024;

export async function sendHttpOutput(target: HttpOutput, value: JsonValue, ctx: OutputContext): Promise<{ status: number; attempts: number }> {
  let url: URL;
  try {
    url = new URL(target.url);
  } catch {
    throw new IonError('output_failed', 'the http output url is not an absolute URL after resolving references');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new IonError('output_failed', `the http output url must be http or https, not ${url.protocol}`);
  }
  const headers: Record<string, string> = { 'Content-Type': 'application/json', ...(target.headers ?? {}) };
  if (target.idempotencyKey !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'idempotency-key')) {
    headers['Idempotency-Key'] = target.idempotencyKey;
  }
  const request: OutgoingRequest = { method: target.method ?? 'POST', url, headers, body: JSON.stringify(value) };
  await ctx.authorizeHop(request);
  const retryable = target.idempotencyKey !== undefined;
  const maxAttempts = retryable ? MAX_ATTEMPTS_WITH_KEY : 1;
  let lastMessage = '';
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    // A cancel during the wait is `cancelled`, as in the engine's own retry loop.
    if (attempt > 1) await waitToRetry(ctx.clock, backoffDelay(attempt - 1, { initialMs: 500, maxMs: 5000, jitter: 'full' }, ctx.random), ctx.signal);
    try {
      const res = await sendOnce(request, {
        transport: ctx.transport,
        timeoutMs: ctx.timeoutMs,
        maxResponseBytes: MAX_RESPONSE_BYTES,
        signal: ctx.signal,
      });
      if (res.status >= 200 && res.status < 300) return { status: res.status, attempts: attempt };
      lastMessage = `${request.method} ${url.host} answered ${res.status}`;
      const again = res.status === 429 || res.status === 408 || res.status >= 500;
      if (!again) break;
    } catch (e) {
      if (e instanceof IonError && e.code === 'cancelled') throw e;
      // Too large to read: its status is unknown, so the delivery is not confirmed (never a success).
      lastMessage =
        e instanceof IonError && e.code === 'response_too_large'
          ? `${request.method} ${url.host}: the answer could not be read (${e.message}), so the delivery is not confirmed`
          : e instanceof Error ? e.message : String(e);
      if (!(e instanceof IonError && (e.code === 'timeout' || e.code === 'network'))) break;
    }
  }
  throw new IonError('output_failed', `the http output failed: ${lastMessage}`, {
    hint: retryable
      ? 'The target kept failing after retries; check its URL and status.'
      : 'Check the target URL and its response. Give the target an `idempotencyKey` to have failures retried.',
  });
}
