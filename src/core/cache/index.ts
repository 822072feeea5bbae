/** Response caching (README "Caching responses"): the store, the keys, one run's session. */
export { FileCacheStore, DEFAULT_CACHE_ENTRY_BYTES, DEFAULT_CACHE_TOTAL_BYTES, type CacheStore, type FileCacheLimits } from './store';
export { CacheSession, cacheableMethod, type CacheState } from './session';
export { baseKey, variantKey } from './key';
