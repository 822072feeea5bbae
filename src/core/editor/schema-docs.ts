/** Small readers shared by completion and hover: a schema node's documentation, the file's environments and inputs. */
import type { SchemaNode } from '../validate/schema-nav';

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Markdown documentation of a schema node (its `markdownDescription`, else `description`, plus allowed values). */
export function documentation(s: SchemaNode | undefined): string | undefined {
  if (!s) return undefined;
  const text = typeof s.markdownDescription === 'string' ? s.markdownDescription : typeof s.description === 'string' ? s.description : undefined;
  const values = Array.isArray(s.enum) ? `\n\nOne of: ${s.enum.map((v) => `\`${String(v)}\``).join(', ')}` : '';
  const dflt = s.default !== undefined && typeof s.default !== 'object' ? `\n\nDefault: \`${String(s.default)}\`` : '';
  if (text === undefined && !values) return undefined;
  return `${text ?? ''}${values}${dflt}`.trim();
}

/** `environments:` as [name, variables] pairs, in file order. */
export function environmentsOf(root: unknown): Array<[string, Record<string, unknown>]> {
  if (!isObj(root) || !isObj(root.environments)) return [];
  return Object.entries(root.environments).map(([n, v]) => [n, isObj(v) ? v : {}]);
}

/** Keys of `trigger.input` and of every test's `input`, with a first example value. */
export function inputKeysOf(root: unknown): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (!isObj(root)) return out;
  const add = (input: unknown) => {
    if (!isObj(input)) return;
    for (const [k, v] of Object.entries(input)) if (!out.has(k)) out.set(k, v);
  };
  if (isObj(root.trigger)) add(root.trigger.input);
  if (Array.isArray(root.tests)) for (const t of root.tests) if (isObj(t)) add(t.input);
  return out;
}
