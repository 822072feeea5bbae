/** The run result (docs/reference.md#the-run-result): what `ion run --json` prints and `gatewayIon.run` returns. */
import type { TokenEvent } from './auth/types';
import type { RunError } from './errors';
import type { JsonValue } from './model';

export interface AttemptRecord {
  status?: number;
  /** An error code when the attempt failed without a usable response (timeout, network, …). */
  error?: string;
  durationMs: number;
  /** The wait before this attempt (0 for the first): backoff, Retry-After or the rate limit. */
  waitMs: number;
  /** With `paginate:`: the page (1-based) this attempt fetched. */
  page?: number;
  /** With `batch:`: the chunk (0-based, as `batch.index`) this attempt sent. */
  chunk?: number;
}

export interface SentRequest {
  method: string;
  url: string;
  /** As sent, secrets masked. */
  headers: Record<string, string>;
}

export interface ResponseRecord {
  status: number;
  headers: Record<string, string>;
  sizeBytes: number;
  /** Decoded text, cut at 64 KB for display (then `truncated: true`). */
  body: string;
  truncated: boolean;
}

export interface ValidationIssue {
  message: string;
  /** JSON pointer into the parsed body. */
  path: string;
}

export interface RunResult {
  ok: boolean;
  name: string;
  file: string;
  environment: string | null;
  durationMs: number;
  request: SentRequest | null;
  attempts: AttemptRecord[];
  response: ResponseRecord | null;
  output: JsonValue | null;
  logs: string[];
  validation: ValidationIssue[];
  errors: RunError[];
  /** Things worth knowing that do not fail the run (`deprecated`, `max_pages`); absent when none. */
  warnings?: RunWarning[];
  /** With `cache:` on a GET/HEAD: whether the response came from the cache (docs/reference.md#the-run-result). */
  cache?: 'hit' | 'revalidated' | 'miss';
  /** OAuth2: the token timeline of the run (timestamps, never a token value); absent for other auth. */
  auth?: { timeline: TokenEvent[] };
}

/** A warning of the run result: a stable `code`, a sentence, and a date (ISO 8601) when it has one. */
export interface RunWarning {
  code: string;
  message: string;
  date?: string;
}

/** One line of the run log (docs/reference.md#the-run-log). */
export interface RunLogEntry {
  ts: string;
  integration: string;
  file: string;
  environment: string | null;
  trigger: 'manual' | 'schedule' | 'webhook';
  ok: boolean;
  status: number | null;
  attempts: number;
  durationMs: number;
  errorCode: string | null;
  /** `ion serve`: the run's id (a webhook run keeps the id its `202` gave, also when run again after a restart). */
  runId?: string;
  /** A schedule tick skipped because the previous run was still going (not a call). */
  skipped?: true;
  /** A `Sunset` or `Deprecation` header the API sent (`date` ISO 8601 when known). */
  deprecation?: RunLogDeprecation;
}

/** The `deprecation` field of a run log line (docs/reference.md#the-run-log). */
export interface RunLogDeprecation {
  date?: string;
  message: string;
}
