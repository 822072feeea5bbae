/** When and how long to wait before trying a request again. */
export { backoffDelay } from './backoff';
export { methodRetryable, outcomeRetryable, retryPolicy, type RetryPolicy } from './policy';
export { parseRetryAfter } from './retry-after';
export { waitToRetry } from './wait';
