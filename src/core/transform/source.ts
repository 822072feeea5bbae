/**
 * Where a file's transform comes from (`transform: |`, `{ script }` or `{ file }`), its caps, and
 * how to map a script position back to the integration file (or the script file).
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { isScalar, Scalar } from 'yaml';
import type { ParsedIntegration } from '../parse';
import type { PropertyPath } from '../model';
import { parseDuration, parseSize } from '../units';
import { TRANSFORM_DEFAULTS } from './types';
import { ContainmentError, readFileInFolderSync } from '../output/contained';
import { decodeUtf8 } from '../validate/utf8';

export interface TransformSource {
  script: string;
  /** Add to a 1-based script line to get the 1-based line in the YAML file (or in `file`). */
  lineOffset: number;
  /**
   * Add to a 1-based script column to get the file column. Exact for block scalars (every line);
   * for a one-line quoted or plain scalar only on its first line.
   */
  columnOffset: number;
  timeoutMs: number;
  memoryBytes: number;
  /** The script file, absolute, for `transform: { file }`: positions refer to it. */
  file?: string;
}

export interface TransformSourceError {
  error: string;
  /** Offset in the YAML text of the value at fault. */
  offset?: number;
}

/** Indentation of the first non-blank line of a block scalar's content. */
function blockIndent(text: string, start: number, end: number): number {
  const body = text.slice(start, end);
  const lines = body.split('\n').slice(1);
  for (const line of lines) {
    if (line.trim() === '') continue;
    return line.length - line.trimStart().length;
  }
  return 0;
}

function locate(parsed: ParsedIntegration, path: PropertyPath): { lineOffset: number; columnOffset: number } {
  const range = parsed.rangeOf(path);
  if (!range) return { lineOffset: 0, columnOffset: 0 };
  const start = parsed.position(range.start);
  let node: unknown = parsed.doc.getIn(path as (string | number)[], true);
  if (!isScalar(node)) node = undefined;
  const type = (node as Scalar | undefined)?.type;
  if (type === Scalar.BLOCK_LITERAL || type === Scalar.BLOCK_FOLDED) {
    // The header (`|`, `|-`, `|2`, with an optional comment) is one line; content starts on the next.
    return { lineOffset: start.line, columnOffset: blockIndent(parsed.text, range.start, range.end) };
  }
  const quoted = type === Scalar.QUOTE_DOUBLE || type === Scalar.QUOTE_SINGLE;
  return { lineOffset: start.line - 1, columnOffset: start.column - 1 + (quoted ? 1 : 0) };
}

function caps(parsed: ParsedIntegration, spec: Record<string, unknown>): { timeoutMs: number; memoryBytes: number } | TransformSourceError {
  let timeoutMs: number = TRANSFORM_DEFAULTS.timeoutMs;
  let memoryBytes: number = TRANSFORM_DEFAULTS.memoryBytes;
  if (spec.timeout !== undefined) {
    const t = parseDuration(spec.timeout);
    if (t === undefined || t <= 0) {
      return { error: `transform.timeout must be a duration such as 500ms or 2s`, offset: parsed.rangeOf(['transform', 'timeout'])?.start };
    }
    if (t > TRANSFORM_DEFAULTS.maxTimeoutMs) {
      return { error: `transform.timeout must be at most ${TRANSFORM_DEFAULTS.maxTimeoutMs / 1000}s`, offset: parsed.rangeOf(['transform', 'timeout'])?.start };
    }
    timeoutMs = t;
  }
  if (spec.memory !== undefined) {
    const m = parseSize(spec.memory);
    if (m === undefined || m < 1024 * 1024) {
      return { error: `transform.memory must be a size of at least 1MB, such as 64MB`, offset: parsed.rangeOf(['transform', 'memory'])?.start };
    }
    memoryBytes = m;
  }
  return { timeoutMs, memoryBytes };
}

/**
 * The transform of `parsed`, or undefined when it has none. `fileDir` is the integration file's
 * folder; a `file` must stay inside it.
 */
export function resolveTransformSource(
  parsed: ParsedIntegration,
  fileDir: string,
  /** For tests; by default the file is read contained (no link at any component) and as strict UTF-8. */
  readFile?: (p: string) => string,
): TransformSource | TransformSourceError | undefined {
  const spec = parsed.value?.transform as unknown;
  if (spec === undefined || spec === null) return undefined;
  const at = parsed.rangeOf(['transform'])?.start;
  if (typeof spec === 'string') {
    return { script: spec, ...locate(parsed, ['transform']), timeoutMs: TRANSFORM_DEFAULTS.timeoutMs, memoryBytes: TRANSFORM_DEFAULTS.memoryBytes };
  }
  if (typeof spec !== 'object' || Array.isArray(spec)) {
    return { error: 'transform must be a script (text) or an object with `script` or `file`', offset: at };
  }
  const obj = spec as Record<string, unknown>;
  const limits = caps(parsed, obj);
  if ('error' in limits) return limits;
  if (obj.script !== undefined && obj.file !== undefined) {
    return { error: 'transform has both `script` and `file`; keep one', offset: parsed.rangeOf(['transform', 'file'])?.start ?? at };
  }
  if (typeof obj.script === 'string') {
    return { script: obj.script, ...locate(parsed, ['transform', 'script']), ...limits };
  }
  if (typeof obj.file === 'string') {
    const offset = parsed.rangeOf(['transform', 'file'])?.start;
    const root = resolve(fileDir);
    const full = resolve(root, obj.file);
    const rel = relative(root, full);
    if (obj.file.trim() === '' || rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
      return { error: `transform.file "${obj.file}" must be a file inside the integration's folder`, offset };
    }
    let script: string;
    try {
      if (readFile) script = readFile(full);
      else {
        const decoded = decodeUtf8(readFileInFolderSync(root, obj.file));
        if (!decoded.ok) return { error: `transform.file "${obj.file}" is not UTF-8 text: byte 0x${decoded.byte.toString(16).toUpperCase().padStart(2, '0')} at line ${decoded.line}, column ${decoded.column}`, offset };
        script = decoded.text;
      }
    } catch (e) {
      if (e instanceof ContainmentError) return { error: `transform.file "${obj.file}": ${e.message}`, offset };
      const code = (e as { code?: string }).code;
      return { error: `cannot read transform.file "${obj.file}"${code ? ` (${code})` : ''}`, offset };
    }
    return { script: script.replace(/^\uFEFF/, ''), lineOffset: 0, columnOffset: 0, file: full, ...limits };
  }
  return { error: 'transform needs `script` (text) or `file` (a path)', offset: at };
}
