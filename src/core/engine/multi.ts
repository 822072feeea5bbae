/**
 * Sending a run's requests: one request (with its retries), or every page of `paginate:`, or one
 * request per chunk of `batch:`, each send going through the integration's `rateLimit:` when it
 * has one. run.ts calls `sendAll` where it used to call the attempt loop (README "Pagination",
 * "Batching", "Rate limits").
 */
import { IonError, codeForStatus } from '../errors';
import type { HttpResponse } from '../http/send';
import type { JsonValue } from '../model';
import type { ParsedIntegration } from '../parse';
import { defaultRateLimits, type SlidingWindowLimiter } from '../ratelimit';
import type { RunWarning, ValidationIssue } from '../result';
import { checkStatus, validateBody } from '../response-checks';
import { parseRetryAfter } from '../retry';
import type { Masker } from '../secrets/mask';
import { formatDuration, parseDuration } from '../units';
import { attemptLoop, type AttemptLoopOptions, type AttemptLoopResult } from './attempts';
import type { OriginGate } from './authorize';
import { sendBatches } from './batch';
import { sendPages } from './paginate';
import type { Plan, PrepareContext } from './prepare';
import type { RunOptions } from './types';

export interface SendContext {
  plan: Plan;
  parsed: ParsedIntegration;
  options: RunOptions;
  masker: Masker;
  gate: OriginGate;
  prepare: PrepareContext;
}

/** What the transform sees besides the last response, and the output without a transform. */
export interface MultiInput {
  input: { pages?: JsonValue; items?: JsonValue; batches?: JsonValue };
  output: JsonValue;
}

export interface SendOutcome extends AttemptLoopResult {
  warnings: RunWarning[];
  /** Validation issues of the page or chunk that failed `validate.response`. */
  validation?: ValidationIssue[];
  /** Set with `paginate:` or `batch:` (every response already checked). */
  multi?: MultiInput;
}

/** The limiter of the run's integration, or undefined without `rateLimit:` (or with one that is not valid). */
function limiterFor(ctx: SendContext): SlidingWindowLimiter | undefined {
  const spec = ctx.plan.file.rateLimit;
  if (!spec || typeof spec !== 'object') return undefined;
  const perMs = parseDuration(spec.per);
  const requests = Number(spec.requests);
  if (perMs === undefined || perMs <= 0 || !Number.isInteger(requests) || requests < 1) return undefined;
  const registry = ctx.options.rateLimits ?? defaultRateLimits;
  return registry.for(ctx.plan.file.name, ctx.options.file, { requests, perMs });
}

export async function sendAll(base: AttemptLoopOptions, ctx: SendContext): Promise<SendOutcome> {
  const warnings: RunWarning[] = [];
  const limiter = limiterFor(ctx);
  let slowDown: string | undefined;
  const o: AttemptLoopOptions = limiter
    ? {
        ...base,
        beforeSend: () => limiter.acquire(base.clock, base.signal),
        onResponse: (res) => {
          if (res.status !== 429 || slowDown) return;
          const ra = parseRetryAfter(res.headers['retry-after'], base.clock.now());
          if (ra === undefined || ra <= limiter.paceMs) return;
          const { requests, perMs } = limiter.spec;
          slowDown = `The API asked to wait ${formatDuration(ra)} after a 429, more than \`rateLimit\` allows between requests (${requests} per ${formatDuration(perMs)}): lower \`rateLimit.requests\` or raise \`rateLimit.per\`.`;
          warnings.push({ code: 'rate_limit', message: slowDown });
        },
      }
    : base;
  const file = ctx.plan.file;
  let out: SendOutcome;
  if (file.paginate && typeof file.paginate === 'object') out = await sendPages(o, ctx);
  else if (file.batch && typeof file.batch === 'object') out = await sendBatches(o, ctx);
  else out = { ...(await attemptLoop(o)), warnings: [] };
  out.warnings = [...out.warnings, ...warnings];
  if (slowDown && out.error?.code === 'rate_limited') out.error = new IonError('rate_limited', out.error.message, { hint: slowDown, offset: out.error.offset });
  else if (slowDown && !out.error && out.response?.status === 429 && !out.multi) {
    // The 429 ends the run (not retried): it fails here rather than in run.ts, to carry the hint.
    const checked = checkResponse(out.response, ctx, '', out.sent.url);
    if (!checked.ok && checked.error.code === 'rate_limited') out.error = new IonError('rate_limited', checked.error.message.replace(/^: /, ''), { hint: slowDown });
  }
  return out;
}

/** An error of one page or chunk: its message says which (`page 3: …`, `chunk 2: …`). */
export function namedError(e: IonError, label: string): IonError {
  return new IonError(e.code, `${label}: ${e.message}`, { hint: e.hint, offset: e.offset });
}

/** The page or chunk as the transform sees it, and its parsed body. */
export interface CheckedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  json: JsonValue | undefined;
}

/**
 * The checks a single request's response gets in run.ts (validate.status, then validate.response),
 * for one page or chunk. Returns the decoded response, or the error (and issues) naming `label`.
 */
export function checkResponse(
  response: HttpResponse,
  ctx: SendContext,
  label: string,
  url: URL,
): { ok: true; value: CheckedResponse } | { ok: false; error: IonError; validation?: ValidationIssue[] } {
  const { plan, parsed } = ctx;
  const allowed = Array.isArray(plan.file.validate?.status) ? plan.file.validate!.status : undefined;
  const verdict = checkStatus(response.status, allowed);
  if (!verdict.ok) {
    const code = verdict.code === 'validation_failed' ? 'validation_failed' : codeForStatus(response.status);
    return { ok: false, error: new IonError(code, `${label}: ${plan.request.method} ${ctx.masker.mask(url.href)}: ${verdict.message}`) };
  }
  const body = response.body.toString('utf8');
  const json = parseJsonValue(body);
  const schema = plan.file.validate?.response;
  if (schema !== undefined) {
    const v = validateBody(json, schema);
    if (!v.ok) {
      const offset = parsed.rangeOf(['validate', 'response'])?.start;
      const first = v.issues[0];
      const message = v.schemaError
        ? `validate.response cannot be used: ${v.schemaError}`
        : `${label}: the response body does not match validate.response: ${first.message}${first.path ? ` at ${first.path}` : ''}${v.issues.length > 1 ? ` (and ${v.issues.length - 1} more)` : ''}`;
      return { ok: false, error: new IonError(v.schemaError ? 'invalid_file' : 'validation_failed', message, { offset }), validation: v.issues };
    }
  }
  return { ok: true, value: { status: response.status, headers: response.headers, body, json } };
}

function parseJsonValue(text: string): JsonValue | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  try {
    return JSON.parse(t) as JsonValue;
  } catch {
    return undefined;
  }
}
