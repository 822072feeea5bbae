/**
 * Text in; a typed model and diagnostics out (`yaml`'s `parseDocument` + `LineCounter`, ranges kept).
 * The checks live in src/core/validate/: size and depth guards before the parser, one AST walk
 * to plain data (aliases budgeted, `__proto__` dropped), the compiled JSON Schema, references,
 * and the semantic rules. This entry point is the one every caller uses.
 */
import { LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { Diagnostic } from './diagnostics';
import type { IntegrationFile, OffsetRange, Position, PropertyPath } from './model';
import { positionAt } from './diagnostics';
import { checkDepth, checkSize } from './validate/limits';
import { nodeAt } from './validate/nodes';
import { headOf } from './validate/ranges';
import { convertDocument } from './validate/tojs';
import { checkSchema } from './validate/schema';
import { buildReferenceContext, checkReferences } from './validate/references';
import { checkSemantics } from './validate/semantic';
import { checkHardcodedSecrets } from './validate/secrets';
import { decodeUtf8, utf8Diagnostic } from './validate/utf8';
import { checkSchemaPatterns } from './validate/schema-patterns';
import { checkDuplicateKeys, duplicateKeyDiagnostic, YAML_PARSE_OPTIONS } from './validate/duplicates';

export { nodeAt };

export interface ParseOptions {
  /** For messages only. */
  fileName?: string;
  /** Files over this many UTF-8 bytes get `file_too_large` and are not parsed (default 2 MB). */
  maxBytes?: number;
}

export interface ParsedIntegration {
  text: string;
  /**
   * The `yaml` syntax tree, for the core's own walks (outline, hover, completion, recording).
   * Adapters do not read it: they use `value`, `rangeOf`, `keyRangeOf` and `position`, and hand
   * the whole parse to core functions.
   */
  doc: Document.Parsed;
  lineCounter: LineCounter;
  /**
   * The file as plain data; undefined when the YAML could not be read into a value (a syntax
   * error, or a file refused by the size or depth guard). Present despite schema errors, so the
   * editor still has something to work with: do not trust its types when `hasErrors`.
   */
  value: IntegrationFile | undefined;
  /** Sorted by offset. */
  diagnostics: Diagnostic[];
  /** True when any diagnostic is an error. */
  hasErrors: boolean;
  /** The range of the node at `path` (its value), or undefined when there is none. */
  rangeOf(path: PropertyPath): OffsetRange | undefined;
  /** The range of the key at `path` (falls back to the value's range). */
  keyRangeOf(path: PropertyPath): OffsetRange | undefined;
  position(offset: number): Position;
}

function toRange(node: Node | undefined): OffsetRange | undefined {
  const r = node?.range;
  return r ? { start: r[0], end: r[1] } : undefined;
}

/** A `LineCounter` for `text` without parsing it. */
export function linesOf(text: string): LineCounter {
  const lc = new LineCounter();
  lc.addNewLine(0);
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lc.addNewLine(i + 1);
  return lc;
}

/** `yaml`'s errors and warnings, in our codes and words. */
function yamlDiagnostics(doc: Document.Parsed, text: string): { diagnostics: Diagnostic[]; fatal: boolean } {
  const diagnostics: Diagnostic[] = [];
  let fatal = false;
  for (const e of doc.errors) {
    const start = Math.min(e.pos[0], text.length);
    const end = Math.min(Math.max(e.pos[1], start + 1), Math.max(text.length, start + 1));
    if (e.code === 'DUPLICATE_KEY') {
      // Only with `uniqueKeys: true` (quadratic); our parse leaves duplicates to `checkDuplicateKeys`.
      diagnostics.push(duplicateKeyDiagnostic(text, start));
      continue;
    }
    fatal = true;
    if (e.code === 'RESOURCE_EXHAUSTION') {
      diagnostics.push({ start, end, severity: 'error', code: 'nesting_limit', message: 'the YAML nests too deeply to be read' });
      continue;
    }
    if (e.code === 'MISSING_CHAR' && /quote/.test(e.message)) {
      // An unclosed string runs to the end of the file, where `yaml` reports it: mark its opening quote.
      const q = e.message.includes('"') ? '"' : "'";
      let open = text.lastIndexOf(q, start - 1);
      while (q === "'" && open > 0 && text[open - 1] === "'") open = text.lastIndexOf(q, open - 2);
      if (open >= 0) {
        diagnostics.push({ start: open, end: open + 1, severity: 'error', code: 'yaml_syntax', message: `missing closing ${q === '"' ? 'double' : 'single'} quote: the string that starts here never ends` });
        continue;
      }
    }
    diagnostics.push({ start, end, severity: 'error', code: 'yaml_syntax', message: e.message.split('\n')[0] });
  }
  for (const w of doc.warnings) {
    const start = Math.min(w.pos[0], text.length);
    diagnostics.push({ start, end: Math.max(w.pos[1], start + 1), severity: 'warning', code: 'yaml_warning', message: w.message.split('\n')[0] });
  }
  return { diagnostics, fatal };
}

function byPosition(a: Diagnostic, b: Diagnostic): number {
  return a.start - b.start || a.end - b.end || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

function dedupe(list: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const k = `${d.start}:${d.end}:${d.code}:${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function parseIntegration(text: string, options: ParseOptions = {}): ParsedIntegration {
  const refused = checkSize(text, options.maxBytes) ?? checkDepth(text);
  if (refused) return resultOf(text, parseDocument(''), linesOf(text), undefined, [refused]);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { ...YAML_PARSE_OPTIONS, lineCounter });
  return analyzeDocument(text, doc, lineCounter);
}

/**
 * `parseIntegration` of a file's bytes, decoded strictly as UTF-8: bytes that are not UTF-8 get an
 * `invalid_utf8` error at the first of them (the rest is parsed with them replaced, so the other
 * diagnostics still point at the right places). For the CLI and files the core reads itself.
 */
export function parseIntegrationBytes(bytes: Uint8Array, options: ParseOptions = {}): ParsedIntegration {
  const decoded = decodeUtf8(bytes);
  const parsed = parseIntegration(decoded.text, options);
  if (decoded.ok) return parsed;
  const diagnostics = [utf8Diagnostic(decoded), ...parsed.diagnostics].sort(byPosition);
  return { ...parsed, diagnostics, hasErrors: true };
}

/**
 * Everything `parseIntegration` does after the YAML parse, on a document whose node ranges are
 * offsets into `text` (the incremental validator hands in a document stitched from cached blocks).
 * The caller has already applied the size and depth guards.
 */
export function analyzeDocument(text: string, doc: Document.Parsed, lineCounter: LineCounter): ParsedIntegration {
  const y = yamlDiagnostics(doc, text);
  let diagnostics = y.diagnostics;
  diagnostics.push(...checkDuplicateKeys(doc, text));
  let value: IntegrationFile | undefined;
  if (!y.fatal) {
    const conv = convertDocument(doc, text);
    diagnostics.push(...conv.diagnostics);
    value = conv.value as IntegrationFile;
    if (conv.value === null || conv.value === undefined) {
      diagnostics.push({ ...headOf(text, { start: 0, end: text.length }), severity: 'error', code: 'empty_file', message: 'the file is empty: an integration starts with `version: 1`, a `name` and a `request`' });
    } else {
      diagnostics.push(...checkSchema(conv.value, doc, text));
      if (typeof conv.value === 'object' && !Array.isArray(conv.value)) {
        const root = conv.value as Record<string, unknown>;
        diagnostics.push(...checkReferences(conv.templates, buildReferenceContext(root, text)));
        diagnostics.push(...checkSemantics(root, doc, text));
        diagnostics.push(...checkHardcodedSecrets(root, doc, text));
        diagnostics.push(...checkSchemaPatterns(root, doc, text));
      }
    }
  }
  diagnostics = dedupe(diagnostics).sort(byPosition);
  return resultOf(text, doc, lineCounter, value, diagnostics);
}

function resultOf(text: string, doc: Document.Parsed, lineCounter: LineCounter, value: IntegrationFile | undefined, diagnostics: Diagnostic[]): ParsedIntegration {
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
