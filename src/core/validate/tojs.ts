/**
 * The YAML document as plain data, in one walk of the AST (instead of `doc.toJS()`), which also:
 * - expands aliases within a budget (an alias bomb gets `alias_limit` at the alias, not a hang);
 * - never assigns `__proto__` (the key is reported and dropped: no prototype pollution downstream),
 *   and reports `constructor`/`prototype` used as names;
 * - guards its own recursion depth;
 * - collects every string that contains `{{`, with its path and node, for the reference checks.
 * Aliases share the anchored value (as `yaml` does), so the expansion costs no memory.
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type Scalar } from 'yaml';
import type { Diagnostic } from '../diagnostics';
import { ALIAS_BUDGET, MAX_DEPTH } from './limits';
import { keyString } from './nodes';
import { pathLabel } from './ranges';

export interface TemplateSite {
  path: Array<string | number>;
  node: Scalar;
  value: string;
}

export interface ConvertResult {
  value: unknown;
  templates: TemplateSite[];
  diagnostics: Diagnostic[];
}

const RESERVED_NAMES = new Set(['constructor', 'prototype']);

/** Subtrees that hold free data (bodies, schemas, expected outputs), where any key is fine. */
export function isFreeData(path: ReadonlyArray<string | number>): boolean {
  const [a, b, c, d] = path;
  if (a === 'request') return b === 'body' || (b === 'graphql' && c === 'variables');
  if (a === 'validate') return b === 'response';
  if (a === 'output') return b === 'schema';
  if (a === 'transform' || a === 'description') return true;
  if (a === 'tests' && typeof b === 'number') {
    if (c === 'expect') return d === 'output' || d === 'outputs';
    if (c === 'response' || c === 'tokenResponse') return d === 'body';
    if (c === 'responses') return path[4] === 'body';
  }
  return false;
}

interface Anchor {
  value: unknown;
  size: number;
  /** The anchored map or list is still being read: an alias to it would make a cycle. */
  pending?: boolean;
}

export function convertDocument(doc: Document, text: string): ConvertResult {
  const templates: TemplateSite[] = [];
  const diagnostics: Diagnostic[] = [];
  const anchors = new Map<string, Anchor>();
  const path: Array<string | number> = [];
  let nodes = 0;
  let aliasCost = 0;
  let depthReported = false;
  let aliasReported = false;

  const report = (node: Node | null | undefined, code: string, message: string) => {
    const r = node?.range;
    const start = r ? r[0] : 0;
    const end = r ? Math.max(r[1], start + 1) : Math.min(1, text.length);
    diagnostics.push({ start, end, severity: 'error', code, message });
  };

  const convert = (node: unknown, depth: number): unknown => {
    nodes++;
    if (depth > MAX_DEPTH) {
      if (!depthReported) report(node as Node, 'nesting_limit', `the YAML nests more than ${MAX_DEPTH} levels deep here`);
      depthReported = true;
      return null;
    }
    if (node == null) return null;
    if (isScalar(node)) {
      const v = node.value;
      if (typeof v === 'string' && v.includes('{{')) templates.push({ path: path.slice(), node, value: v });
      if (node.anchor) anchors.set(node.anchor, { value: v, size: 1 });
      return v;
    }
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (!target) return null; // `yaml` has already reported the unknown anchor.
      if (target.pending) {
        report(node, 'alias_limit', `the alias \`*${node.source}\` refers to a map or list that contains it: cycles are not allowed`);
        return null;
      }
      aliasCost += target.size;
      nodes += target.size;
      if (aliasCost > ALIAS_BUDGET) {
        // Reported once, at the alias that crossed the budget; later ones are silently empty.
        if (aliasReported) return null;
        aliasReported = true;
        report(
          node,
          'alias_limit',
          `the alias \`*${node.source}\` is not expanded: aliases in this file expand to more than ${ALIAS_BUDGET.toLocaleString('en-US')} nodes (an "alias bomb")`,
        );
        return null;
      }
      return target.value;
    }
    const before = nodes;
    let out: unknown;
    if (isMap(node)) {
      const obj: Record<string, unknown> = {};
      out = obj;
      if (node.anchor) anchors.set(node.anchor, { value: obj, size: 1, pending: true });
      for (const pair of node.items) {
        const key = keyString(pair.key);
        if (key === undefined) {
          report(pair.key as Node, 'wrong_type', `keys in \`${pathLabel(path)}\` must be plain text, not a map or a list`);
          continue;
        }
        if (key === '__proto__' || (RESERVED_NAMES.has(key) && !isFreeData(path))) {
          report(pair.key as Node, 'forbidden_key', `\`${key}\` cannot be used as a key: it is reserved in JavaScript`);
          if (key === '__proto__') continue;
        }
        path.push(key);
        obj[key] = convert(pair.value, depth + 1);
        path.pop();
      }
    } else if (isSeq(node)) {
      const arr: unknown[] = [];
      out = arr;
      if (node.anchor) anchors.set(node.anchor, { value: arr, size: 1, pending: true });
      for (let i = 0; i < node.items.length; i++) {
        path.push(i);
        arr.push(convert(node.items[i], depth + 1));
        path.pop();
      }
    } else {
      return null;
    }
    const anchor = (node as Node).anchor;
    if (anchor) anchors.set(anchor, { value: out, size: nodes - before + 1 });
    return out;
  };

  const value = convert(doc.contents, 0);
  return { value, templates, diagnostics };
}
