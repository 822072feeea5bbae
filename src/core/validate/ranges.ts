/** Offsets of YAML nodes, with deliberate fallbacks (never offset 0 by accident). */
import { isScalar, Scalar, type Document, type Node } from 'yaml';
import type { OffsetRange, PropertyPath } from '../model';
import { nodeAt } from './nodes';

export function nodeRange(node: Node | null | undefined): OffsetRange | undefined {
  const r = node?.range;
  return r ? { start: r[0], end: r[1] } : undefined;
}

/** `request.headers.Accept`, `tests[0].expect`, or `the file` for the root. */
export function pathLabel(path: PropertyPath): string {
  let s = '';
  for (const seg of path) {
    if (typeof seg === 'number') s += `[${seg}]`;
    else s += s === '' ? seg : `.${seg}`;
  }
  return s === '' ? 'the file' : s;
}

function eol(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl < 0 ? text.length : nl;
}

/** The first line of a range: a multi-line map or list is marked at its head only. */
export function headOf(text: string, r: OffsetRange): OffsetRange {
  const end = Math.min(r.end, eol(text, r.start));
  return { start: r.start, end: Math.max(end, Math.min(r.start + 1, text.length)) };
}

/**
 * Where to mark the node at `path`: `prefer` 'value' (a wrong value) or 'key' (an unknown or
 * missing key). When the node is missing or empty (`key:` with nothing), the key; when the key is
 * missing too, the nearest existing ancestor's head. The file's first line is the last resort.
 */
export function locate(doc: Document, text: string, path: PropertyPath, prefer: 'value' | 'key'): OffsetRange {
  for (let n = path.length; n >= 0; n--) {
    const sub = path.slice(0, n);
    const { key, value } = n === 0 ? { key: undefined, value: (doc.contents ?? undefined) as Node | undefined } : nodeAt(doc, sub);
    const kr = nodeRange(key);
    const vr = nodeRange(value);
    const vEmpty = !vr || vr.end <= vr.start;
    let r: OffsetRange | undefined;
    if (n < path.length) r = kr ?? (vr && !vEmpty ? headOf(text, vr) : undefined);
    else if (prefer === 'key') r = kr ?? (vr && !vEmpty ? headOf(text, vr) : undefined);
    else r = !vEmpty ? vr : kr;
    if (r && r.end > r.start) return n === 0 ? headOf(text, r) : r;
  }
  return headOf(text, { start: 0, end: text.length });
}

/**
 * Maps an index into a scalar's value to an offset in the text, for plain and quoted scalars
 * whose source is the value verbatim (no escapes, folding or block style). Undefined otherwise:
 * callers then mark the whole scalar.
 */
export function scalarOffsets(text: string, node: Node): ((i: number) => number) | undefined {
  if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return undefined;
  const [start, end] = node.range;
  const v = node.value;
  if (node.type === Scalar.PLAIN) return text.slice(start, end) === v ? (i) => start + i : undefined;
  if (node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE) {
    return text.slice(start + 1, end - 1) === v ? (i) => start + 1 + i : undefined;
  }
  return undefined;
}

/** The range of `[from, to)` inside a scalar's value, or the scalar's whole range. */
export function rangeInScalar(text: string, node: Node, from: number, to: number): OffsetRange {
  const map = scalarOffsets(text, node);
  const whole = nodeRange(node) ?? { start: 0, end: 1 };
  if (!map) return whole;
  return { start: map(from), end: Math.max(map(to), map(from) + 1) };
}
