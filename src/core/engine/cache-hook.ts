/**
 * Where the run meets the cache (README "Caching responses") and the response's deprecation
 * headers (README "Deprecation and sunset warnings"): small hooks run.ts calls, so the engine's
 * flow stays readable.
 */
import { CacheSession, cacheableMethod } from '../cache';
import type { HttpResponse } from '../http/send';
import type { RunResult } from '../result';
import type { Masker } from '../secrets/mask';
import { parseDuration } from '../units';
import { deprecationWarning } from './deprecation';
import type { Plan } from './prepare';
import type { SendOutcome } from './multi';
import type { RunOptions } from './types';

/** The run's cache session: only with `cache:`, a store (CLI, editor), a GET/HEAD and one request. */
export async function openRunCache(plan: Plan, options: RunOptions, masker: Masker, log: (line: string) => void): Promise<CacheSession | undefined> {
  const spec = plan.file.cache;
  if (!spec || !options.cache || !cacheableMethod(plan.request.method)) return undefined;
  // A paginated or batched run is several requests: not cached (docs/reference.md#cache).
  const file = plan.file as unknown as Record<string, unknown>;
  if (file.paginate !== undefined || file.batch !== undefined) return undefined;
  const ttlMs = parseDuration(spec.ttl);
  if (ttlMs === undefined || ttlMs < 0) return undefined;
  return CacheSession.open({
    store: options.cache,
    ttlMs,
    conditional: spec.conditional !== false,
    request: plan.request,
    auth: plan.auth,
    masker,
    bypass: options.noCache === true,
    log,
  });
}

/** Adds a warning to the result (the array appears with its first warning). */
export function addWarning(result: RunResult, warning: NonNullable<RunResult['warnings']>[number]): void {
  (result.warnings ??= []).push(warning);
}

/** A `Sunset` / `Deprecation` header → a `deprecated` warning. */
export function noteDeprecation(result: RunResult, response: HttpResponse, now: number, masker: Masker): void {
  const w = deprecationWarning(response.headers, now, (text, limit) => masker.cut(text, limit));
  if (w && !result.warnings?.some((x) => x.code === 'deprecated')) addWarning(result, w);
}

/** A fresh cache hit stands in for the send: no attempt, the plan's request (auth not applied). */
export function cachedLoop(plan: Plan, response: HttpResponse): SendOutcome {
  return { attempts: [], sent: plan.request, response, warnings: [] };
}
