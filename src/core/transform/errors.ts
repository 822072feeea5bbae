/** Turning what went wrong inside the sandbox into a TransformError a person can act on. */
import { formatSize } from '../units';
import type { TransformError, TransformErrorKind } from './types';

/** The file name the script is compiled under; stack frames name it. */
export const SCRIPT_FILE = 'transform.js';

/** What the VM told us about an exception (already copied out of the VM). */
export interface VmErrorInfo {
  name?: string;
  message?: string;
  stack?: string;
  lineNumber?: number;
}

export function timeoutError(timeoutMs: number): TransformError {
  return { kind: 'timeout', message: `transform timed out after ${timeoutMs} ms (transform.timeout)` };
}

export function memoryError(memoryBytes: number): TransformError {
  return { kind: 'memory', message: `transform ran out of memory: it hit its memory cap of ${formatSize(memoryBytes)} (transform.memory)` };
}

export function stackError(where?: { line?: number; column?: number }): TransformError {
  return {
    kind: 'stack',
    message: 'transform exceeded its stack (recursion too deep)',
    ...(where?.line !== undefined ? { line: where.line, column: where.column } : {}),
  };
}

export function cancelledError(): TransformError {
  return { kind: 'cancelled', message: 'transform cancelled' };
}

const FRAME_RE = /\(?([^\s()]+):(\d+):(\d+)\)?\s*$/;

/**
 * The first frame of `stack` that is in the user's script, as a script position: line 1 loses
 * the wrapper's `prefixLength` columns.
 */
export function scriptPosition(stack: string | undefined, prefixLength: number): { line?: number; column?: number } {
  if (!stack) return {};
  for (const raw of stack.split('\n')) {
    const m = FRAME_RE.exec(raw.trim());
    if (!m || m[1] !== SCRIPT_FILE) continue;
    const line = Number(m[2]);
    let column = Number(m[3]);
    if (line === 1) column = Math.max(1, column - prefixLength);
    return { line, column };
  }
  return {};
}

/** Classifies a VM exception. `interrupted` and `aborted` are what the host knows for sure. */
export function classify(
  info: VmErrorInfo,
  ctx: { interrupted: boolean; aborted: boolean; timeoutMs: number; memoryBytes: number; prefixLength: number },
): TransformError {
  const where = scriptPosition(info.stack, ctx.prefixLength);
  const internal = info.name === 'InternalError' || info.name === 'SyntaxError' || info.name === 'RangeError';
  if (ctx.aborted) return cancelledError();
  if (ctx.interrupted) return timeoutError(ctx.timeoutMs);
  if (internal && info.message === 'out of memory') return memoryError(ctx.memoryBytes);
  if (internal && info.message === 'stack overflow') return stackError(where);
  const kind: TransformErrorKind = 'error';
  const label = info.name && info.name !== 'Error' ? `${info.name}: ` : '';
  const message = `${label}${info.message ?? 'unknown error'}`;
  if (where.line === undefined && typeof info.lineNumber === 'number' && info.lineNumber > 0) {
    return { kind, message, line: info.lineNumber };
  }
  return { kind, message, ...where };
}
