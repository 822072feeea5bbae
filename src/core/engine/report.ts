/** Turning what happened into the masked RunResult pieces (docs/reference.md#the-run-result). */
import { ERROR_INFO, IonError, type RunError } from '../errors';
import type { HttpResponse, OutgoingRequest } from '../http/send';
import type { ParsedIntegration } from '../parse';
import { nestsDeeperThan } from '../json';
import type { ResponseRecord, SentRequest } from '../result';
import type { Masker } from '../secrets/mask';
import { hintFor } from './hints';

export const DISPLAY_BODY_LIMIT = 64 * 1024;

/** A result's output nests at most this deep; deeper values are replaced by a note (README "Security"). */
export const MAX_OUTPUT_DEPTH = 200;

export const INTERNAL_ERROR_HINT =
  'This is a bug in Gateway Ion, not a problem with the API or your file: please report it with this message (check that it holds nothing private).';

export function sentRequest(req: OutgoingRequest, masker: Masker): SentRequest {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k] = masker.mask(v);
  return { method: req.method, url: masker.mask(req.url.href), headers };
}

/** The whole body as text when it fits the display limit (decoded once, shared by the run). */
export function displayableText(res: HttpResponse): string | undefined {
  return res.body.length > DISPLAY_BODY_LIMIT ? undefined : res.body.toString('utf8');
}

/** `text`: the whole body already decoded (displayableText), to decode it only once. */
export function responseRecord(res: HttpResponse, masker: Masker, text?: string): ResponseRecord {
  const truncated = res.body.length > DISPLAY_BODY_LIMIT;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) headers[k] = masker.mask(v);
  return { status: res.status, headers, sizeBytes: res.sizeBytes, body: text === undefined ? displayCut(res.body, masker) : masker.mask(text), truncated };
}

/**
 * A body over the display limit, masked before it is cut: a secret straddling the limit is masked
 * whole (the decoded window reaches past the limit by more than any encoded form of a secret), and
 * the cut never ends with a prefix of one (Masker.cut).
 */
export function displayCut(body: Buffer, masker: Masker): string {
  const margin = masker.size === 0 ? 0 : masker.longestForm * 12 + 64;
  const window = body.subarray(0, DISPLAY_BODY_LIMIT + margin).toString('utf8');
  return masker.cut(window, DISPLAY_BODY_LIMIT);
}

/**
 * The response the hints quote, masked before they parse and cut it (a quote cut at its limit must
 * not end with a secret's prefix; the body is only read up to 1 MB by the hints anyway).
 */
function maskedForHints(response: HttpResponse | undefined, masker: Masker): HttpResponse | undefined {
  if (!response || masker.size === 0) return response;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(response.headers)) headers[k] = masker.mask(v);
  const body = response.body.length > 1_000_000 ? Buffer.alloc(0) : Buffer.from(masker.mask(response.body.toString('utf8')), 'utf8');
  return { ...response, headers, body };
}

/** A RunError from anything thrown inside a run, masked, with its range when it has an offset. */
export function toRunError(e: unknown, parsed: ParsedIntegration, masker: Masker, response?: HttpResponse): RunError {
  if (e instanceof IonError) {
    const base = e.hint === ERROR_INFO[e.code].hint ? undefined : e.hint;
    const err: RunError = { code: e.code, message: masker.mask(e.message), hint: masker.mask(hintFor(e.code, maskedForHints(response, masker), base)) };
    if (e.offset !== undefined) err.range = parsed.position(e.offset);
    return err;
  }
  // Not a run failure we know (a bug): there is no `internal` error code (docs/reference.md#error-codes), so it keeps `network`, but says
  // what it is and asks for a report. Masked; its stack is never kept.
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'network', message: masker.mask(`internal error: ${message}`), hint: INTERNAL_ERROR_HINT };
}

/**
 * The output as the result shows it: a value nested deeper than MAX_OUTPUT_DEPTH (a hostile API can
 * answer 100,000 levels) has its deeper parts replaced by a note, and the run's logs say so, so no
 * printer, panel or test writer downstream meets an unbounded depth. Iterative; the value itself
 * is returned when it is shallow enough (the common case: one walk, no copy).
 */
export function boundedOutput<T>(value: T, logs: string[]): T {
  if (nestsDeeperThan(value, MAX_OUTPUT_DEPTH)) {
    logs.push(`[ion] the output nests deeper than ${MAX_OUTPUT_DEPTH} levels: deeper values are not shown`);
    return cutDepth(value, MAX_OUTPUT_DEPTH) as T;
  }
  return value;
}

function cutDepth(value: unknown, max: number): unknown {
  const note = `[nested deeper than ${max} levels: not shown]`;
  const holder: unknown[] = [undefined];
  const stack: Array<[unknown, Record<string | number, unknown>, string | number, number]> = [[value, holder as unknown as Record<number, unknown>, 0, 0]];
  while (stack.length > 0) {
    const [v, parent, key, d] = stack.pop()!;
    let out: unknown = v;
    if (v !== null && typeof v === 'object') {
      if (d >= max) out = note;
      else if (Array.isArray(v)) {
        const arr: unknown[] = new Array(v.length);
        v.forEach((x, i) => stack.push([x, arr as unknown as Record<number, unknown>, i, d + 1]));
        out = arr;
      } else {
        const obj: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v)) {
          Object.defineProperty(obj, k, { value: undefined, enumerable: true, writable: true, configurable: true });
          stack.push([x, obj, k, d + 1]);
        }
        out = obj;
      }
    }
    if (Array.isArray(parent)) parent[key as number] = out;
    else Object.defineProperty(parent, key, { value: out, enumerable: true, writable: true, configurable: true });
  }
  return holder[0];
}
