/** Client-side rate limits (`rateLimit: { requests, per }`): one sliding-window limiter per integration and process. */
export { RateLimitRegistry, SlidingWindowLimiter, defaultRateLimits, type RateLimitSpec } from './limiter';
