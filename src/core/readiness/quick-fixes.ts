/**
 * Quick fixes for the readiness diagnostics (README, "Plan and document an integration"): add an
 * API docs link, declare the rate limits in words, or record a payload with Save as test. Edits
 * insert `TODO` placeholders, which the checklist does not count until they are replaced.
 */
import type { Node, Pair, YAMLMap } from 'yaml';
import type { Diagnostic } from '../diagnostics';
import type { JsonValue } from '../model';
import type { ParsedIntegration } from '../parse';
import { PLACEHOLDER } from './readiness';

/** The editor command that appends the last run to `tests:` (the panel's Save as test). */
export const SAVE_AS_TEST_COMMAND = 'gatewayIon.saveAsTest';

export interface ReadinessQuickFix {
  title: string;
  /** Offset edits of the file (none for a command-only fix). */
  edits: Array<{ start: number; end: number; newText: string }>;
  /** A command to run after the edits; the extension adds the document's uri as its argument. */
  command?: { id: string };
  preferred?: boolean;
}

export const DOCS_LINK_PLACEHOLDER = `https://${PLACEHOLDER}.example.com/api-docs`;
export const RATE_LIMITS_PLACEHOLDER = `${PLACEHOLDER}: requests a minute, from the API documentation`;

type Edit = ReadinessQuickFix['edits'][number];

/**
 * `yaml`'s own type tag (what its `isMap` reads): this file checks nodes without importing the
 * library's code, so the bundle that carries it (dist/docs-view.js) does not carry `yaml` again.
 */
const NODE_TYPE = Symbol.for('yaml.node.type');
function isMap(n: unknown): n is YAMLMap<Node, Node | null> {
  return typeof n === 'object' && n !== null && (n as Record<symbol, unknown>)[NODE_TYPE] === Symbol.for('yaml.map');
}

/** The value node of `key` in a map node (the last pair with that key, as in the plain value). */
function valueOf(map: unknown, key: string): Node | undefined {
  if (!isMap(map)) return undefined;
  for (let i = map.items.length - 1; i >= 0; i--) {
    const k = map.items[i].key as unknown as { value?: unknown } | null;
    if (k && typeof k === 'object' && k.value === key) return (map.items[i].value ?? undefined) as Node | undefined;
  }
  return undefined;
}

/** One line of YAML: JSON is YAML's flow style (and keeps this bundle free of the YAML printer). */
const flow = (v: JsonValue): string => JSON.stringify(v);

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function endOfLine(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

/** Adds `key: value` (one line) to a map node after its last entry, in the map's style. */
function addToMap(text: string, map: Node, key: string, value: string): Edit | undefined {
  if (!isMap(map) || !map.range) return undefined;
  const items = map.items as Pair<Node, Node | null>[];
  if (map.flow) {
    if (items.length === 0) {
      const close = text.lastIndexOf('}', map.range[1]);
      return { start: map.range[0], end: close + 1, newText: `{ ${key}: ${value} }` };
    }
    const last = items[items.length - 1];
    const at = (last.value ?? last.key)?.range?.[1] ?? map.range[1] - 1;
    return { start: at, end: at, newText: `, ${key}: ${value}` };
  }
  const firstKey = items[0]?.key;
  if (!firstKey?.range) return undefined;
  const indent = firstKey.range[0] - lineStart(text, firstKey.range[0]);
  const last = items[items.length - 1];
  const lastEnd = (last.value ?? last.key)?.range?.[1] ?? map.range[1];
  const at = endOfLine(text, Math.max(lastEnd - 1, firstKey.range[0]));
  const before = at > 0 && text[at - 1] !== '\n' ? '\n' : '';
  return { start: at, end: at, newText: `${before}${' '.repeat(indent)}${key}:${value.startsWith('\n') ? value : ` ${value}`}\n` };
}

/** An edit that sets `docs.<key>` (adding `docs:` after the file's last key when it is not there). */
function setInDocs(parsed: ParsedIntegration, key: string, value: JsonValue): Edit[] {
  const text = parsed.text;
  const root = parsed.doc.contents as Node | null;
  const docs = valueOf(root, 'docs');
  if (docs && isMap(docs) && (docs.flow || docs.items.length > 0)) {
    const existing = valueOf(docs, key);
    if (existing?.range) {
      // `apiDocs` already there (without a usable link): the placeholder goes first in the list.
      const old = (parsed.value?.docs as Record<string, unknown> | undefined)?.[key];
      const merged = Array.isArray(value) && Array.isArray(old) ? [...value, ...(old as JsonValue[])] : value;
      const span = text.slice(existing.range[0], existing.range[1]);
      return [{ start: existing.range[0], end: existing.range[1], newText: flow(merged) + (span.endsWith('\n') ? '\n' : '') }];
    }
    const e = addToMap(text, docs, key, flow(value));
    return e ? [e] : [];
  }
  if (docs?.range) {
    // `docs:` with an empty value.
    return [{ start: docs.range[0], end: docs.range[1], newText: `{ ${key}: ${flow(value)} }` }];
  }
  if (root && isMap(root) && !root.flow && root.items.length > 0) {
    const e = addToMap(text, root, 'docs', `\n  ${key}: ${flow(value)}`);
    return e ? [e] : [];
  }
  return [];
}

export function readinessQuickFixes(d: Diagnostic, parsed: ParsedIntegration): ReadinessQuickFix[] {
  const fix = d.data?.fix;
  switch (fix) {
    case 'addDocsLink': {
      const edits = setInDocs(parsed, 'apiDocs', [DOCS_LINK_PLACEHOLDER]);
      return edits.length > 0 ? [{ title: 'Add an API docs link (docs.apiDocs)', edits, preferred: true }] : [];
    }
    case 'declareRateLimit': {
      const edits = setInDocs(parsed, 'rateLimits', RATE_LIMITS_PLACEHOLDER);
      return edits.length > 0 ? [{ title: 'Declare the rate limits (docs.rateLimits)', edits, preferred: true }] : [];
    }
    case 'saveAsTest':
      return [{ title: 'Record a payload: save the last run as a test (Save as test)', edits: [], command: { id: SAVE_AS_TEST_COMMAND }, preferred: true }];
    default:
      return [];
  }
}
