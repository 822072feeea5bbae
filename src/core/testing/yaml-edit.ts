/**
 * Text edits of an integration file that keep every other byte as it was (comments, formatting):
 * only the range of one node changes. Values are rendered by `yaml`, in flow style (one line) or
 * block style (indented to the node's column).
 */
import { Document, isMap, isSeq, type Node, type Pair } from 'yaml';
import type { JsonValue } from '../model';

export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

export function applyEdit(text: string, edit: TextEdit): string {
  return text.slice(0, edit.start) + edit.text + text.slice(edit.end);
}

/** One line of YAML: `{ a: 1, b: [ x ] }`, `"text"`, `42`. */
export function renderFlow(value: JsonValue): string {
  return new Document(value).toString({ collectionStyle: 'flow', lineWidth: 0 }).replace(/\n+$/, '');
}

/** Block YAML whose first line goes where the cursor is and whose other lines start at `column`. */
export function renderBlock(value: JsonValue, column: number): string {
  const lines = new Document(value).toString({ collectionStyle: 'block', lineWidth: 0, indent: 2 }).replace(/\n+$/, '').split('\n');
  const pad = ' '.repeat(column);
  return lines.map((l, i) => (i === 0 || l === '' ? l : pad + l)).join('\n');
}

export function isCollection(v: JsonValue): boolean {
  return v !== null && typeof v === 'object' && (Array.isArray(v) ? v.length > 0 : Object.keys(v).length > 0);
}

export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The column of `offset` (0-based). */
export function columnOf(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

/** The offset just after the end of the line that holds `offset` (after its newline, or the text's end). */
export function endOfLine(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

/** Replaces a value node, keeping its style: flow stays flow, a block collection stays block. */
export function replaceValue(text: string, node: Node, value: JsonValue): TextEdit {
  const [start, end] = node.range ?? [0, 0];
  const old = text.slice(start, end);
  const block = (isMap(node) || isSeq(node)) && !node.flow;
  let rendered = block && isCollection(value) ? renderBlock(value, columnOf(text, start)) : renderFlow(value);
  if (old.endsWith('\n') && !rendered.endsWith('\n')) rendered += '\n';
  return { start, end, text: rendered };
}

/** Adds `key: value` to a map node, in the map's style, after its last entry. */
export function insertIntoMap(text: string, map: Node, key: string, value: JsonValue): TextEdit {
  if (!isMap(map)) throw new Error('not a map');
  const items = map.items as Pair<Node, Node | null>[];
  const [mStart, mEnd] = map.range ?? [0, 0];
  if (map.flow) {
    if (items.length === 0) {
      const close = text.lastIndexOf('}', mEnd);
      return { start: mStart, end: close + 1, text: `{ ${key}: ${renderFlow(value)} }` };
    }
    const last = items[items.length - 1];
    const at = (last.value ?? last.key)?.range?.[1] ?? mEnd - 1;
    return { start: at, end: at, text: `, ${key}: ${renderFlow(value)}` };
  }
  if (items.length === 0) throw new Error('an empty block map');
  const first = items[0].key as Node;
  const indent = columnOf(text, first.range![0]);
  const last = items[items.length - 1];
  const lastEnd = (last.value ?? last.key)?.range?.[1] ?? mEnd;
  const at = endOfLine(text, Math.max(lastEnd - 1, first.range![0]));
  const pad = ' '.repeat(indent);
  const body = isCollection(value) ? `\n${pad}  ${renderBlock(value, indent + 2)}` : ` ${renderFlow(value)}`;
  const before = at > 0 && text[at - 1] !== '\n' ? '\n' : '';
  return { start: at, end: at, text: `${before}${pad}${key}:${body}\n` };
}
