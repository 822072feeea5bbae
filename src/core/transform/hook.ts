/**
 * The engine's transform seam over the QuickJS sandbox: resolves the script (`transform: |`,
 * `{ script }`, `{ file }`), runs it with its caps, and reports a failure at the line of the YAML
 * file (or of the script file), with the script's console output kept in the run's logs.
 */
import { basename, dirname } from 'node:path';
import { IonError } from '../errors';
import type { ParsedIntegration } from '../parse';
import { defaultOutput, type TransformSeam } from '../engine/seams';
import { resolveTransformSource, runTransform } from './index';

/** An `IonError` that also carries what the script logged before it failed. */
export class TransformFailure extends IonError {
  constructor(
    message: string,
    readonly logs: string[],
    options: { offset?: number; cancelled?: boolean } = {},
  ) {
    super(options.cancelled ? 'cancelled' : 'transform_failed', message, { offset: options.offset });
  }
}

/** Offset in the text of a 1-based line and column (clamped to the text). */
function offsetOf(parsed: ParsedIntegration, line: number, column: number): number | undefined {
  const starts = parsed.lineCounter.lineStarts;
  if (line < 1 || line > starts.length) return undefined;
  const lineStart = starts[line - 1];
  const lineEnd = line < starts.length ? starts[line] - 1 : parsed.text.length;
  return Math.min(lineStart + Math.max(0, column - 1), lineEnd);
}

export const transformHook: TransformSeam = async (request) => {
  const parsed: ParsedIntegration = request.parsed;
  const source = resolveTransformSource(parsed, dirname(request.file));
  if (source === undefined) return { output: defaultOutput(request.input), logs: [] };
  if ('error' in source) throw new TransformFailure(source.error, [], { offset: source.offset ?? request.offset });

  const outcome = await runTransform(source.script, request.input, {
    timeoutMs: source.timeoutMs,
    memoryBytes: source.memoryBytes,
    signal: request.signal,
  });
  if (outcome.ok) return { output: outcome.value, logs: outcome.logs };

  const { error } = outcome;
  if (error.kind === 'cancelled') throw new TransformFailure('the run was cancelled during the transform', outcome.logs, { cancelled: true });
  let offset = request.offset;
  let where = '';
  if (error.line !== undefined) {
    if (source.file) {
      where = ` (${basename(source.file)}:${error.line}${error.column ? `:${error.column}` : ''})`;
      offset = parsed.rangeOf(['transform', 'file'])?.start ?? offset;
    } else {
      const line = error.line + source.lineOffset;
      const column = (error.line === 1 || source.columnOffset > 0 ? (error.column ?? 1) + source.columnOffset : error.column ?? 1);
      offset = offsetOf(parsed, line, column) ?? offset;
    }
  }
  throw new TransformFailure(`${error.message}${where}`, outcome.logs, { offset });
};
