/**
 * The seams of the pipeline that other parts plug into without touching the engine:
 * resolve → authorize → (auth) → send with retry/redirects → validate → TRANSFORM → output.schema →
 * OUTPUTS → result → RUN LOG. The defaults here keep the engine complete on its own: no transform
 * (the output is the parsed body, or its text), no outputs delivered, nothing logged.
 */
import type { JsonValue, OutputTarget, TransformSpec } from '../model';
import type { OutputContext } from '../output/types';
import type { ParsedIntegration } from '../parse';
import type { RunLogEntry, RunResult } from '../result';

import type { TransformInput } from '../transform/types';

/** What a transform sees (docs/reference.md#transform): one definition, in the transform module. */
export type { TransformInput };

export interface TransformRequest {
  /** The integration, for the transform's position in the file. */
  parsed: ParsedIntegration;
  spec: TransformSpec;
  input: TransformInput;
  /** Absolute path of the integration file (`transform.file` is relative to its folder). */
  file: string;
  /** Offset of the `transform` value in the file, to report errors at the right line. */
  offset?: number;
  signal?: AbortSignal;
}

export interface TransformOutcome {
  output: JsonValue;
  /** Captured console.log lines. */
  logs: string[];
}

/** Runs `transform:`; throws IonError('transform_failed') on failure. */
export type TransformSeam = (request: TransformRequest) => Promise<TransformOutcome>;

/** Delivers `output.to` after a successful run; throws IonError('output_failed') on failure. */
export type OutputsSeam = (output: JsonValue, targets: OutputTarget[], context: OutputContext) => Promise<void>;

/** Records the finished run (the run log). Never sees an unmasked value. */
export type RunLogSeam = (entry: RunLogEntry, result: RunResult) => void | Promise<void>;

export interface RunHooks {
  transform?: TransformSeam;
  deliverOutputs?: OutputsSeam;
  recordRun?: RunLogSeam;
}

/** Without a transform the output is the parsed body, or its text (null for an empty body). */
export function defaultOutput(input: TransformInput): JsonValue {
  if (input.json !== undefined) return input.json as JsonValue;
  return input.body === '' ? null : input.body;
}

/**
 * The default transform seam: the output is the parsed body. When the file has a `transform:` and no
 * transform hook is wired, the run says so in its logs instead of silently pretending.
 */
export const identityTransform: TransformSeam = async (request) => ({
  output: defaultOutput(request.input),
  logs: ['[ion] transform not applied: no transform runner is wired into this build'],
});

/** The default outputs seam: nothing is delivered. */
export const noOutputs: OutputsSeam = async () => undefined;

/** The run-log entry for a result (docs/reference.md#the-run-log). */
export function runLogEntry(result: RunResult, trigger: RunLogEntry['trigger'], startedAt: number): RunLogEntry {
  return {
    ts: new Date(startedAt).toISOString(),
    integration: result.name,
    file: result.file,
    environment: result.environment,
    trigger,
    ok: result.ok,
    status: result.response?.status ?? null,
    attempts: result.attempts.length,
    durationMs: result.durationMs,
    errorCode: result.errors[0]?.code ?? null,
    ...deprecationOf(result),
  };
}

/** The run log's `deprecation` field: the result's `deprecated` warning (docs/reference.md#the-run-log). */
function deprecationOf(result: RunResult): Pick<RunLogEntry, 'deprecation'> {
  const w = result.warnings?.find((x) => x.code === 'deprecated');
  return w ? { deprecation: { message: w.message, ...(w.date ? { date: w.date } : {}) } } : {};
}
