/**
 * The outline of an integration file: each top-level section; each test by its `name`; each
 * environment; each output target. Plain offsets; the extension makes DocumentSymbols of them.
 */
import { isMap, isPair, isScalar, isSeq, type Node, type Pair } from 'yaml';
import { keyString } from '../validate/nodes';
import type { ParsedIntegration } from '../parse';

export type OutlineKind = 'section' | 'test' | 'environment' | 'output' | 'key';

export interface OutlineSymbol {
  name: string;
  detail: string;
  kind: OutlineKind;
  /** The whole entry (key and value). */
  start: number;
  end: number;
  /** The part to select (the key, or the test's name). */
  selectionStart: number;
  selectionEnd: number;
  children: OutlineSymbol[];
}

function range(n: unknown): [number, number] | undefined {
  const r = (n as Node | null)?.range;
  return r ? [r[0], r[1]] : undefined;
}

function pairRange(p: Pair): { start: number; end: number; selStart: number; selEnd: number } | undefined {
  const k = range(p.key);
  if (!k) return undefined;
  const v = range(p.value);
  return { start: k[0], end: v ? Math.max(v[1], k[1]) : k[1], selStart: k[0], selEnd: k[1] };
}

function scalarText(map: unknown, key: string): string | undefined {
  if (!isMap(map)) return undefined;
  const v = map.get(key, true);
  return isScalar(v) && v.value !== null && v.value !== undefined ? String(v.value) : undefined;
}

function oneLine(s: string, max = 60): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

function sectionDetail(key: string, value: unknown): string {
  if (isScalar(value)) return oneLine(String(value.value ?? ''));
  if (key === 'request' && isMap(value)) return oneLine(`${scalarText(value, 'method') ?? 'GET'} ${scalarText(value, 'url') ?? ''}`);
  if ((key === 'auth' || key === 'trigger') && isMap(value)) return scalarText(value, 'type') ?? '';
  if (isSeq(value)) return `${value.items.length}`;
  return '';
}

function children(key: string, value: unknown): OutlineSymbol[] {
  const out: OutlineSymbol[] = [];
  if (key === 'tests' && isSeq(value)) {
    value.items.forEach((item, i) => {
      const r = range(item);
      if (!r) return;
      const nameNode = isMap(item) ? item.get('name', true) : undefined;
      const nr = range(nameNode);
      const name = isScalar(nameNode) && nameNode.value != null ? String(nameNode.value) : `test ${i + 1}`;
      const expect = isMap(item) ? item.get('expect', true) : undefined;
      const detail = isMap(expect) && scalarText(expect, 'error') ? `expects ${scalarText(expect, 'error')}` : '';
      out.push({ name, detail, kind: 'test', start: r[0], end: r[1], selectionStart: nr?.[0] ?? r[0], selectionEnd: nr?.[1] ?? r[0], children: [] });
    });
  }
  if (key === 'environments' && isMap(value)) {
    for (const p of value.items) {
      const name = keyString(p.key);
      const r = isPair(p) ? pairRange(p) : undefined;
      if (name === undefined || !r) continue;
      const vars = isMap(p.value) ? p.value.items.map((x) => keyString(x.key)).filter(Boolean).join(', ') : '';
      out.push({ name, detail: vars, kind: 'environment', start: r.start, end: r.end, selectionStart: r.selStart, selectionEnd: r.selEnd, children: [] });
    }
  }
  if (key === 'output' && isMap(value)) {
    const to = value.get('to', true);
    if (isSeq(to)) {
      to.items.forEach((item, i) => {
        const r = range(item);
        if (!r) return;
        const type = scalarText(item, 'type') ?? 'output';
        const where = scalarText(item, 'path') ?? scalarText(item, 'url') ?? '';
        out.push({ name: `${type} ${i + 1}`, detail: oneLine(where), kind: 'output', start: r[0], end: r[1], selectionStart: r[0], selectionEnd: r[0], children: [] });
      });
    }
  }
  return out;
}

/** The outline of a parsed file (adapters pass the parse; the syntax tree stays inside the core). */
export function outline(parsed: Pick<ParsedIntegration, 'doc'>): OutlineSymbol[] {
  const root = parsed.doc.contents;
  if (!isMap(root)) return [];
  const out: OutlineSymbol[] = [];
  for (const p of root.items) {
    const key = keyString(p.key);
    const r = isPair(p) ? pairRange(p) : undefined;
    if (key === undefined || !r) continue;
    out.push({ name: key, detail: sectionDetail(key, p.value), kind: 'section', start: r.start, end: r.end, selectionStart: r.selStart, selectionEnd: r.selEnd, children: children(key, p.value) });
  }
  return out;
}
