/**
 * Walking schemas/integration.schema.json by property path: the allowed keys at a place (for
 * "did you mean" and completion) and the schema node of a property (for hover and completion).
 * `if`/`then` branches on `type` are followed using the file's value, so `auth` with
 * `type: bearer` offers `token`, not every auth kind's keys.
 */
import schemaJson from '../../../schemas/integration.schema.json';
import type { PropertyPath } from '../model';

export type SchemaNode = Record<string, unknown>;

const ROOT = schemaJson as unknown as SchemaNode;

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function deref(s: unknown): SchemaNode | undefined {
  let node = s;
  for (let guard = 0; isObj(node) && typeof node.$ref === 'string' && guard < 10; guard++) {
    const name = node.$ref.replace(/^#\/definitions\//, '');
    const target = (ROOT.definitions as Record<string, unknown>)[name];
    // Keep the referring node's annotations (description) over the definition's.
    node = isObj(target) ? { ...target, ...node, $ref: undefined } : undefined;
  }
  return isObj(node) ? node : undefined;
}

/** Whether `value` satisfies one of the simple `if` forms this schema uses. */
function ifMatches(cond: unknown, value: unknown): boolean {
  if (!isObj(cond)) return false;
  if (cond.type === 'string') return typeof value === 'string';
  if (!isObj(value)) return false;
  for (const r of (cond.required as string[] | undefined) ?? []) if (!Object.prototype.hasOwnProperty.call(value, r)) return false;
  const props = cond.properties;
  if (isObj(props)) {
    for (const [k, sub] of Object.entries(props)) {
      if (isObj(sub) && 'const' in sub && value[k] !== sub.const) return false;
    }
  }
  return true;
}

/** The schema node and its applicable `then`/`else` branches, for a value. */
function applicable(s: SchemaNode, value: unknown): SchemaNode[] {
  const out = [s];
  const branches = [...((s.allOf as unknown[]) ?? []), s];
  for (const b of branches) {
    if (!isObj(b) || !('if' in b)) continue;
    const branch = ifMatches(b.if, value) ? b.then : b.else;
    const d = deref(branch);
    if (d) out.push(...applicable(d, value));
  }
  return out;
}

function child(s: SchemaNode, value: unknown, seg: string | number): SchemaNode | undefined {
  const parts = applicable(s, value);
  if (typeof seg === 'number') {
    for (const p of parts) if (p.items !== undefined) return deref(p.items);
    return undefined;
  }
  // The most specific declaration wins (a `then` over the outer `properties: { type: {} }`).
  let found: SchemaNode | undefined;
  for (const p of parts) {
    const props = p.properties;
    if (isObj(props) && Object.prototype.hasOwnProperty.call(props, seg)) {
      const d = deref(props[seg]);
      if (d && (found === undefined || Object.keys(d).length > Object.keys(found).length)) found = d;
    }
  }
  if (found) return found;
  for (const p of parts) if (isObj(p.additionalProperties)) return deref(p.additionalProperties);
  return undefined;
}

function valueAt(root: unknown, path: PropertyPath): unknown {
  let v = root;
  for (const seg of path) {
    if (isObj(v) && typeof seg === 'string' && Object.prototype.hasOwnProperty.call(v, seg)) v = v[seg];
    else if (Array.isArray(v) && typeof seg === 'number') v = v[seg];
    else return undefined;
  }
  return v;
}

/**
 * The schema node for the property at `path` (annotations included), or undefined where the
 * format defines nothing (free data such as a request body). `root` is the file's value, used to
 * choose `if`/`then` branches (`auth.type`, `trigger.type`, `output.to[].type`).
 */
export function schemaAt(path: PropertyPath, root?: unknown): SchemaNode | undefined {
  let s: SchemaNode | undefined = ROOT;
  for (let i = 0; i < path.length && s; i++) s = child(s, valueAt(root, path.slice(0, i)), path[i]);
  return s;
}

/** The keys the format allows in the map at `path` (empty when any key is allowed). */
export function allowedKeys(path: PropertyPath, root?: unknown): string[] {
  const s = schemaAt(path, root);
  if (!s) return [];
  const keys = new Set<string>();
  for (const p of applicable(s, valueAt(root, path))) {
    if (isObj(p.properties)) for (const k of Object.keys(p.properties)) keys.add(k);
  }
  return [...keys];
}

/** The schema's `definitions` (read-only), e.g. for the editor's duration hover. */
export const SCHEMA_ROOT: Readonly<SchemaNode> = ROOT;
