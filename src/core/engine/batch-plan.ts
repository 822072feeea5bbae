/**
 * `batch:` in the resolve phase (docs/reference.md#batch): `over` resolved against the run's input
 * (it must be an array), split into chunks of `size`; the request of chunk i is resolved with
 * `{{ batch.items }}` (the chunk) and `{{ batch.index }}` (i).
 */
import { IonError } from '../errors';
import type { BatchSpec, JsonValue } from '../model';
import { resolveString, type ResolveContext } from '../references';

export interface BatchChunk {
  items: JsonValue[];
  index: number;
}

export interface BatchPlan {
  chunks: JsonValue[][];
  size: number;
  concurrency: number;
}

/** The chunks of `batch.over`; throws a ResolveError or an IonError(invalid_file) the caller places. */
export function planBatch(spec: BatchSpec, rc: ResolveContext): BatchPlan {
  const over = typeof spec.over === 'string' ? resolveString(spec.over, ['batch', 'over'], rc).value : spec.over;
  if (!Array.isArray(over)) throw new IonError('invalid_file', `batch.over must resolve to an array (it is ${over === null ? 'null' : typeof over})`);
  const size = Number.isInteger(spec.size) && spec.size > 0 ? spec.size : 1;
  const concurrency = Number.isInteger(spec.concurrency) && spec.concurrency! > 0 ? spec.concurrency! : 1;
  const chunks: JsonValue[][] = [];
  for (let i = 0; i < over.length; i += size) chunks.push(over.slice(i, i + size) as JsonValue[]);
  return { chunks, size, concurrency };
}
