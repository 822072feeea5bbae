/**
 * `batch:` (README "Batching", docs/reference.md#batch): one request per chunk of `batch.over`,
 * at most `concurrency` in flight, each with the request's own retries (each attempt a line of
 * the result, with its `chunk`) and validated like a single response. Results are kept in input
 * order; the first failed chunk stops new ones from starting and fails the run, naming its index
 * (the lowest failed index when several fail at once).
 */
import { IonError } from '../errors';
import type { HttpResponse, OutgoingRequest } from '../http/send';
import type { JsonValue } from '../model';
import type { AttemptRecord, ValidationIssue } from '../result';
import { attemptLoop, type AttemptLoopOptions, type AttemptLoopResult } from './attempts';
import { checkResponse, namedError, type CheckedResponse, type SendContext, type SendOutcome } from './multi';
import { errorAt, prepareRun } from './prepare';
import { ResolveError } from '../references';

interface ChunkOutcome {
  loop?: AttemptLoopResult;
  checked?: CheckedResponse;
  error?: IonError;
  validation?: ValidationIssue[];
}

/** The request of chunk `index` (chunk 0's is the plan's own): resolved again with its `batch.*`, its secrets' origins checked. */
async function chunkRequest(ctx: SendContext, index: number, items: JsonValue[]): Promise<OutgoingRequest> {
  if (index === 0) return ctx.plan.request;
  try {
    const plan = await prepareRun(ctx.parsed, ctx.options, { ...ctx.prepare, batch: { items, index } });
    await ctx.gate.checkPlan(plan.uses, ctx.parsed);
    return plan.request;
  } catch (e) {
    if (e instanceof ResolveError) throw errorAt(ctx.parsed, e);
    throw e;
  }
}

export async function sendBatches(base: AttemptLoopOptions, ctx: SendContext): Promise<SendOutcome> {
  const { chunks, concurrency } = ctx.plan.batch!;
  const outcomes: ChunkOutcome[] = new Array(chunks.length);
  let next = 0;
  let stopped = false;

  const sendChunk = async (index: number): Promise<ChunkOutcome> => {
    const label = `chunk ${index}`;
    let request: OutgoingRequest;
    try {
      request = await chunkRequest(ctx, index, chunks[index]);
    } catch (e) {
      if (e instanceof IonError) return { error: namedError(e, label) };
      throw e;
    }
    const loop = await attemptLoop({ ...base, request });
    if (loop.error) return { loop, error: namedError(loop.error, label) };
    const checked = checkResponse(loop.response!, ctx, label, request.url);
    if (!checked.ok) return { loop, error: checked.error, validation: checked.validation };
    return { loop, checked: checked.value };
  };

  const worker = async (): Promise<void> => {
    while (!stopped && next < chunks.length) {
      const index = next++;
      const outcome = await sendChunk(index);
      outcomes[index] = outcome;
      if (outcome.error) stopped = true;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, chunks.length) }, () => worker()));

  const attempts: AttemptRecord[] = [];
  let last: AttemptLoopResult | undefined;
  let failed: { index: number; outcome: ChunkOutcome } | undefined;
  outcomes.forEach((o, index) => {
    if (!o) return;
    for (const a of o.loop?.attempts ?? []) attempts.push({ ...a, chunk: index });
    if (o.loop) last = o.loop;
    if (o.error && !failed) failed = { index, outcome: o };
  });
  if (failed) {
    const o = failed.outcome;
    return { attempts, sent: o.loop?.sent ?? ctx.plan.request, response: o.loop?.response, error: o.error, validation: o.validation, warnings: [] };
  }
  const batches = outcomes.map((o, index) => ({ index, items: chunks[index], status: o.checked!.status, headers: o.checked!.headers, json: o.checked!.json ?? null, body: o.checked!.body }));
  if (chunks.length === 0) base.log('[ion] batch.over is empty: no request was sent');
  const masked = ctx.masker.maskDeep(batches);
  return {
    attempts,
    sent: last?.sent ?? ctx.plan.request,
    response: last?.response,
    warnings: [],
    multi: { input: { batches: masked as unknown as JsonValue }, output: masked.map((b) => (b.json === null && b.body !== '' ? b.body : b.json)) },
  };
}

/** What run.ts hands to the transform when `batch.over` was empty and nothing was sent. */
export const NO_RESPONSE: HttpResponse = { status: 200, headers: {}, body: Buffer.alloc(0), sizeBytes: 0 };
