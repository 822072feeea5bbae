/** The transform's contract (docs/reference.md, `transform`): what goes in, what comes out. */
import type { JsonValue } from '../model';

/** `input` as the script sees it (the seed's name). Secrets are never part of it. */
export interface TransformInput {
  /** The decoded response body, whole (not the 64 KB display cut). */
  body: string;
  /** The parsed body, or undefined when the body is not JSON. */
  json?: JsonValue;
  /**
   * The JSON text of `json`, when the caller has it (the body itself, when masking changed
   * nothing): the sandbox parses it instead of a copy of `json`, and a 50MB body crosses to the
   * worker as one string, not as an object graph (README "Performance").
   */
  jsonText?: string;
  status: number;
  /** Lower-cased names; repeated values joined with `, `. */
  headers: Record<string, string>;
  /** The run's input. */
  params: Record<string, JsonValue>;
  /** The chosen environment's variables. */
  vars: Record<string, JsonValue>;
  /** `ion serve`: the webhook event that started the run (`method`, `path`, `query`, `headers`). */
  event?: JsonValue;
  /** With `paginate:`: every page, `{ status, headers, json, body }` (docs/reference.md, "paginate"). */
  pages?: JsonValue;
  /** With `paginate:`: the pages' items, concatenated. */
  items?: JsonValue;
  /** With `batch:`: one entry per chunk in input order, `{ index, items, status, headers, json, body }`. */
  batches?: JsonValue;
}

export interface TransformOptions {
  /** Wall-clock cap for the script, default 1000 (`transform.timeout`). */
  timeoutMs?: number;
  /** Heap cap of the sandbox, default 64MB (`transform.memory`). */
  memoryBytes?: number;
  /** Aborting stops the script at its next interrupt check (kind `cancelled`). */
  signal?: AbortSignal;
}

export type TransformErrorKind = 'error' | 'timeout' | 'memory' | 'stack' | 'marshal' | 'cancelled';

export interface TransformError {
  message: string;
  /** 1-based line in the script (add `lineOffset` from resolveTransformSource for the file line). */
  line?: number;
  /** 1-based column in the script. */
  column?: number;
  kind: TransformErrorKind;
}

export type TransformOutcome =
  | { ok: true; value: JsonValue; logs: string[]; durationMs: number }
  | { ok: false; error: TransformError; logs: string[]; durationMs: number };

/** Limits that are not user settings. */
export const TRANSFORM_DEFAULTS = {
  timeoutMs: 1000,
  /** The largest `transform.timeout` (30s): a file cannot hold a worker for longer. */
  maxTimeoutMs: 30_000,
  /** 64MB (sizes are binary: src/core/units.ts). */
  memoryBytes: 64 * 1024 * 1024,
  /**
   * QuickJS's own stack cap. Kept small on purpose: V8 runs the WebAssembly frames on the
   * process stack, and with larger values deep recursion in `JSON.stringify` overflowed V8's
   * stack before QuickJS's check fired (measured: 96KB overflowed, 64KB did not). A V8
   * overflow is still caught and reported as `stack` (see sandbox.ts).
   */
  stackBytes: 64 * 1024,
  /** Pending jobs run per batch between deadline checks. */
  jobBatch: 256,
  maxLogLines: 200,
  maxLogChars: 64 * 1024,
  maxLogLineChars: 8 * 1024,
  /** The JSON text of the output, in characters. */
  maxOutputChars: 16 * 1024 * 1024,
} as const;
