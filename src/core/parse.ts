/**
 * Text in; a typed model and diagnostics out (STYLE.md: `parseDocument` + `LineCounter`, keep ranges).
 * The foundation issue fills in schema and semantic checks (src/core/validate/); this entry point
 * is the one every caller uses.
 */
import { isMap, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { Diagnostic } from './diagnostics';
import type { IntegrationFile, OffsetRange, Position, PropertyPath } from './model';
import { positionAt } from './diagnostics';

export interface ParseOptions {
  /** For messages only. */
  fileName?: string;
}

export interface ParsedIntegration {
  text: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
  /** The file as plain data; undefined when the YAML could not be read into a value. */
  value: IntegrationFile | undefined;
  diagnostics: Diagnostic[];
  hasErrors: boolean;
  /** The range of the node at `path` (its value), or undefined when there is none. */
  rangeOf(path: PropertyPath): OffsetRange | undefined;
  /** The range of the key at `path` (falls back to the value's range). */
  keyRangeOf(path: PropertyPath): OffsetRange | undefined;
  position(offset: number): Position;
}

export function nodeAt(doc: Document, path: PropertyPath): { key?: Node; value?: Node } {
  let node: unknown = doc.contents;
  let key: Node | undefined;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => {
        const k = p.key as { value?: unknown } | null;
        return k != null && String(k.value ?? k) === String(seg);
      });
      if (!pair) return {};
      key = pair.key as Node;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
      key = undefined;
    } else {
      return {};
    }
  }
  return { key, value: (node ?? undefined) as Node | undefined };
}

function toRange(node: Node | undefined): OffsetRange | undefined {
  const r = node?.range;
  return r ? { start: r[0], end: r[1] } : undefined;
}

export function parseIntegration(text: string, _options: ParseOptions = {}): ParsedIntegration {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const diagnostics: Diagnostic[] = [];
  for (const e of doc.errors) {
    diagnostics.push({
      start: e.pos[0],
      end: Math.max(e.pos[1], e.pos[0] + 1),
      severity: 'error',
      code: 'yaml_syntax',
      message: e.message.split('\n')[0],
    });
  }
  let value: IntegrationFile | undefined;
  if (doc.errors.length === 0) value = doc.toJS({ maxAliasCount: 100 }) as IntegrationFile;
  return {
    text,
    doc,
    lineCounter,
    value,
    diagnostics,
    hasErrors: diagnostics.some((d) => d.severity === 'error'),
    rangeOf: (path) => toRange(nodeAt(doc, path).value),
    keyRangeOf: (path) => {
      const n = nodeAt(doc, path);
      return toRange(n.key) ?? toRange(n.value);
    },
    position: (offset) => positionAt(lineCounter, offset),
  };
}
