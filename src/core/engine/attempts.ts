/**
 * Send with retry: each attempt applies auth and runs the exchange (redirects included); a 401 with
 * a refreshable auth gets exactly one refresh and one retry (outside the retry budget); other
 * outcomes are retried as the policy says, waiting with backoff or Retry-After on the injected clock.
 */
import { IonError, codeForStatus } from '../errors';
import type { AuthProvider } from '../auth';
import { exchange, type ExchangeOptions } from '../http/redirects';
import type { HttpResponse, OutgoingRequest } from '../http/send';
import type { AttemptRecord } from '../result';
import { backoffDelay, methodRetryable, outcomeRetryable, parseRetryAfter, waitToRetry, type RetryPolicy } from '../retry';
import type { Clock, Random } from '../ports';
import { formatDuration } from '../units';
import type { RunEvent } from './types';

export interface AttemptLoopOptions {
  request: OutgoingRequest;
  auth: AuthProvider;
  policy: RetryPolicy;
  hasIdempotencyKey: boolean;
  /** Whether a status counts as a success (validate.status); successes are never retried. */
  isSuccess(status: number): boolean;
  exchange: Omit<ExchangeOptions, 'onRedirect'>;
  clock: Clock;
  random: Random;
  signal?: AbortSignal;
  /** Absent when nobody listens: the events are then not even built. */
  emit?(event: RunEvent): void;
  log(line: string): void;
  /** Before every send, retries included: waits for the rate limit (rate-limit.ts); resolves with the time waited. */
  beforeSend?(): Promise<number>;
  /** Told about every response (the rate limit's hint on a 429). */
  onResponse?(response: HttpResponse): void;
}

export interface AttemptLoopResult {
  attempts: AttemptRecord[];
  /** The request of the last attempt as first sent (auth applied). */
  sent: OutgoingRequest;
  response?: HttpResponse;
  /** What ended the run without a usable response, or overrides the response's own verdict. */
  error?: IonError;
}

function cloneRequest(r: OutgoingRequest): OutgoingRequest {
  return { method: r.method, url: new URL(r.url.href), headers: { ...r.headers }, body: r.body };
}

export async function attemptLoop(o: AttemptLoopOptions): Promise<AttemptLoopResult> {
  const attempts: AttemptRecord[] = [];
  let budgetUsed = 0;
  let refreshed = false;
  let waitMs = 0;
  let sent = cloneRequest(o.request);
  for (;;) {
    if (o.signal?.aborted) return { attempts, sent, error: new IonError('cancelled', 'the run was cancelled') };
    const n = attempts.length + 1;
    const req = cloneRequest(o.request);
    sent = req;
    if (o.beforeSend) {
      try {
        const waited = await o.beforeSend();
        if (waited > 0) {
          waitMs += waited;
          o.emit?.({ type: 'wait', attempt: n, waitMs: waited, reason: 'rate-limit' });
        }
      } catch (e) {
        if (e instanceof IonError) return { attempts, sent, error: e };
        throw e;
      }
    }
    const started = o.clock.now();
    let response: HttpResponse | undefined;
    let error: IonError | undefined;
    try {
      await o.auth.apply(req);
      // Nothing mutates `req` after auth (redirects build new requests): it is what was sent.
      sent = req;
      o.emit?.({ type: 'attempt-start', attempt: n, method: req.method, url: req.url.href });
      const r = await exchange(req, {
        ...o.exchange,
        resign: o.auth.resign ? (hop) => o.auth.resign!(hop) : undefined,
        onRedirect: (from, to, status) => {
          o.emit?.({ type: 'redirect', attempt: n, status, from: from.href, to: to.href });
          o.log(`[ion] attempt ${n}: ${status} redirect to ${to.href}`);
        },
      });
      response = r.response;
      const res = r.response;
      o.onResponse?.(res);
      // `body` is a getter: decoded only when someone listens (the event is masked by copying it).
      o.emit?.({ type: 'response', attempt: n, status: res.status, headers: { ...res.headers }, get body() { return res.body.toString('utf8'); } });
    } catch (e) {
      if (!(e instanceof IonError)) throw e;
      error = e;
    }
    const durationMs = Math.max(0, o.clock.now() - started);
    const record: AttemptRecord = response ? { status: response.status, durationMs, waitMs } : { error: error!.code, durationMs, waitMs };
    attempts.push(record);
    budgetUsed += 1;
    o.emit?.({ type: 'attempt-end', attempt: n, status: record.status, error: record.error, durationMs });

    if (error && error.code !== 'timeout' && error.code !== 'network') return { attempts, sent, error };

    // A 401 with a refreshable credential: one refresh, one retry, never a loop.
    if (response?.status === 401 && o.auth.refresh && !refreshed) {
      refreshed = true;
      budgetUsed -= 1;
      try {
        await o.auth.refresh();
      } catch (e) {
        if (e instanceof IonError) return { attempts, sent, response, error: e };
        throw e;
      }
      o.log('[ion] 401: the OAuth2 token was refreshed and the request sent again');
      waitMs = 0;
      continue;
    }

    if (response && o.isSuccess(response.status)) return { attempts, sent, response };
    const outcome = response ? { status: response.status } : { error: error!.code };
    const retryable = outcomeRetryable(outcome, o.policy) && methodRetryable(req.method, o.hasIdempotencyKey, o.policy);
    if (!retryable || budgetUsed >= o.policy.maxAttempts) return { attempts, sent, response, error };

    let delay = backoffDelay(budgetUsed, o.policy, o.random);
    let reason: 'backoff' | 'retry-after' = 'backoff';
    if (response && o.policy.respectRetryAfter) {
      const ra = parseRetryAfter(response.headers['retry-after'], o.clock.now());
      if (ra !== undefined) {
        if (ra > o.policy.maxWaitMs) {
          const code = codeForStatus(response.status);
          const msg = `the server asked to wait ${formatDuration(ra)} (Retry-After: ${response.headers['retry-after']}), longer than retry.maxWait (${formatDuration(o.policy.maxWaitMs)})`;
          return {
            attempts,
            sent,
            response,
            error: new IonError(code, msg, { hint: `Raise \`retry.maxWait\` to at least ${Math.ceil(ra / 1000)}s, or run later.` }),
          };
        }
        delay = ra;
        reason = 'retry-after';
      }
    }
    o.emit?.({ type: 'wait', attempt: n + 1, waitMs: delay, reason });
    try {
      await waitToRetry(o.clock, delay, o.signal);
    } catch (e) {
      return { attempts, sent, response, error: e as IonError };
    }
    waitMs = delay;
  }
}
