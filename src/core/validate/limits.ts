/**
 * Guards that run before the YAML parser, so hostile input gets a diagnostic fast instead of a
 * crash or a hang: files over the size limit, and nesting deeper than the parser (or any recursive
 * walk after it) can take. `yaml` overflows its stack near 1,000 flow levels and runs out of memory
 * on 100k compact `- - - …` levels, so depth is estimated here with one linear scan.
 */
import type { Diagnostic } from '../diagnostics';
import { formatBytes, formatSize } from '../units';

export const MAX_FILE_BYTES = 2 * 1024 * 1024;
export const MAX_DEPTH = 200;
/** Nodes that aliases may expand to, in all (a billion-laughs file needs millions). */
export const ALIAS_BUDGET = 10_000;

/** UTF-8 byte length without allocating. */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

function endOfLine(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl < 0 ? text.length : nl;
}

export function checkSize(text: string, maxBytes = MAX_FILE_BYTES): Diagnostic | undefined {
  // Each UTF-16 unit is 1-3 UTF-8 bytes: only count when the length alone does not decide.
  if (text.length * 3 <= maxBytes) return undefined;
  const bytes = text.length > maxBytes ? text.length : utf8Length(text);
  if (bytes <= maxBytes) return undefined;
  return {
    start: 0,
    end: Math.max(1, Math.min(endOfLine(text, 0), 200)),
    severity: 'error',
    code: 'file_too_large',
    message: `the file is ${formatBytes(bytes)}, over the ${formatSize(maxBytes)} limit: an integration file this large is not parsed`,
  };
}

const SPACE = 32;
const TAB = 9;
const NL = 10;
const CR = 13;

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB || c === NL || c === CR || Number.isNaN(c);
}

/**
 * An over-estimate of the nesting depth at each line: open indentation levels + compact `- `/`? `
 * indicators on the line + open flow brackets. Block scalars (`|`, `>`) are skipped, and quotes
 * and comments are skipped for brackets. Returns a diagnostic at the first line past `maxDepth`.
 */
export function checkDepth(text: string, maxDepth = MAX_DEPTH): Diagnostic | undefined {
  const indents: number[] = [];
  let flow = 0;
  let blockParent = -1; // indentation of the line that opened a block scalar, or -1
  let pos = 0;
  const len = text.length;
  while (pos < len) {
    const lineStart = pos;
    const lineEnd = endOfLine(text, pos);
    pos = lineEnd + 1;
    let i = lineStart;
    while (i < lineEnd && text.charCodeAt(i) === SPACE) i++;
    const indent = i - lineStart;
    if (i >= lineEnd || text.charCodeAt(i) === CR || text.charCodeAt(i) === 35 /* # */) continue;
    if (blockParent >= 0) {
      if (indent > blockParent) continue;
      blockParent = -1;
    }
    if (flow === 0) {
      while (indents.length > 0 && indents[indents.length - 1] >= indent) indents.pop();
      indents.push(indent);
    }
    let compact = 0;
    // Compact nesting on one line: `- - - x`, `? - x`.
    while (i < lineEnd) {
      const c = text.charCodeAt(i);
      if ((c === 45 /* - */ || c === 63) /* ? */ && isBlank(text.charCodeAt(i + 1))) {
        compact++;
        i += 2;
        while (i < lineEnd && text.charCodeAt(i) === SPACE) i++;
      } else break;
    }
    let lastNonBlank = -1;
    let maxFlow = flow;
    let prev = SPACE;
    for (; i < lineEnd; i++) {
      const c = text.charCodeAt(i);
      if (c === 35 /* # */ && isBlank(prev)) break;
      const tokenStart = isBlank(prev) || prev === 91 || prev === 123 || prev === 44 || prev === 58;
      if ((c === 34 /* " */ || c === 39) /* ' */ && tokenStart) {
        // Skip a quoted scalar (it may span lines; then the rest of its lines are skipped too).
        let j = i + 1;
        while (j < len) {
          const d = text.charCodeAt(j);
          if (c === 34 && d === 92 /* \ */) j += 2;
          else if (d === c && c === 39 && text.charCodeAt(j + 1) === 39) j += 2;
          else if (d === c) break;
          else j++;
        }
        if (j > lineEnd) {
          pos = endOfLine(text, Math.min(j, len)) + 1;
          i = lineEnd;
          lastNonBlank = -1;
          break;
        }
        i = j;
        prev = c;
        lastNonBlank = i;
        continue;
      }
      // In block context a flow collection only starts a token (`a[b` is plain text).
      if ((c === 91 /* [ */ || c === 123) /* { */ && (flow > 0 || tokenStart)) {
        flow++;
        if (flow > maxFlow) maxFlow = flow;
      } else if ((c === 93 /* ] */ || c === 125) /* } */ && flow > 0) flow--;
      if (!isBlank(c)) lastNonBlank = i;
      prev = c;
    }
    const depth = indents.length + compact + maxFlow;
    if (depth > maxDepth) {
      return {
        start: lineStart + indent,
        end: Math.max(lineStart + indent + 1, Math.min(lineEnd, lineStart + indent + 200)),
        severity: 'error',
        code: 'nesting_limit',
        message: `the YAML nests more than ${maxDepth} levels deep here: the file is not parsed`,
      };
    }
    // A block scalar header (`key: |`, `- >-`, `|2+`) opens lines that are text, not structure.
    if (lastNonBlank >= 0 && flow === 0) {
      let k = lastNonBlank;
      while (k > lineStart && /[0-9+-]/.test(text[k])) k--;
      const h = text.charCodeAt(k);
      if ((h === 124 /* | */ || h === 62) /* > */ && (k === lineStart || isBlank(text.charCodeAt(k - 1)))) blockParent = indent;
    }
  }
  return undefined;
}
