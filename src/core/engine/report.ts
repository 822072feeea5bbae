/** Turning what happened into the masked RunResult pieces (SPEC.md section 3). */
import { ERROR_INFO, IonError, type RunError } from '../errors';
import type { HttpResponse, OutgoingRequest } from '../http/send';
import type { ParsedIntegration } from '../parse';
import type { ResponseRecord, SentRequest } from '../result';
import type { Masker } from '../secrets/mask';
import { hintFor } from './hints';

export const DISPLAY_BODY_LIMIT = 64 * 1024;

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
  text ??= (truncated ? res.body.subarray(0, DISPLAY_BODY_LIMIT) : res.body).toString('utf8');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) headers[k] = masker.mask(v);
  return { status: res.status, headers, sizeBytes: res.sizeBytes, body: masker.mask(text), truncated };
}

/** A RunError from anything thrown inside a run, masked, with its range when it has an offset. */
export function toRunError(e: unknown, parsed: ParsedIntegration, masker: Masker, response?: HttpResponse): RunError {
  if (e instanceof IonError) {
    const base = e.hint === ERROR_INFO[e.code].hint ? undefined : e.hint;
    const err: RunError = { code: e.code, message: masker.mask(e.message), hint: masker.mask(hintFor(e.code, response, base)) };
    if (e.offset !== undefined) err.range = parsed.position(e.offset);
    return err;
  }
  // Not a run failure we know (a bug): SPEC has no `internal` code, so it keeps `network`, but says
  // what it is and asks for a report. Masked; its stack is never kept.
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'network', message: masker.mask(`internal error: ${message}`), hint: INTERNAL_ERROR_HINT };
}
