/** Diagnostics the core produces: plain offsets, never editor types. */
import type { LineCounter } from 'yaml';
import type { Position } from './model';

export type Severity = 'error' | 'warning' | 'information';

export interface Diagnostic {
  /** Character offsets into the text, end exclusive (end > start whenever the text allows). */
  start: number;
  end: number;
  severity: Severity;
  /** Stable code: `yaml_syntax`, `unknown_key`, `unknown_var`, … (documented in the README). */
  code: string;
  /** A sentence a person understands. */
  message: string;
  /** Extra facts for quick fixes: `{ suggestion: 'retry' }`, `{ secretName }`, … */
  data?: Record<string, unknown>;
}

/** 1-based line and column of an offset. */
export function positionAt(lineCounter: LineCounter, offset: number): Position {
  const p = lineCounter.linePos(offset);
  return { line: p.line, column: p.col };
}
