/**
 * Duplicate keys, in one pass over the YAML AST (a `Set` per map). `yaml`'s own check
 * (`uniqueKeys: true`) compares each key with every key before it, which is quadratic: a body
 * with 40,000 keys took 18 s. The parse runs with `uniqueKeys: false` and this reports the same
 * thing: two scalar keys of one map whose values are equal (`===`, as `yaml` compares them),
 * marked at the later key as written.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';
import type { Diagnostic } from '../diagnostics';

/** Options for every `parseDocument` of an integration file (the duplicate check is ours). */
export const YAML_PARSE_OPTIONS = { prettyErrors: false, uniqueKeys: false } as const;

const KEY_AS_WRITTEN = /^("(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*'|[^:#\n,{}[\]]+?)\s*:/;

/** The diagnostic for a duplicate key starting at `start` (widened to the key as written). */
export function duplicateKeyDiagnostic(text: string, start: number): Diagnostic {
  const m = KEY_AS_WRITTEN.exec(text.slice(start, start + 200));
  const key = m ? m[1].trim() : '';
  const end = m && key ? start + m[1].trimEnd().length : Math.min(start + 1, Math.max(text.length, start + 1));
  const shown = key.length > 0 && key.length <= 60 ? ` \`${key}\`` : '';
  return { start, end, severity: 'error', code: 'duplicate_key', message: `duplicate key${shown}: a key may appear only once in a map` };
}

/** Every duplicate key in `doc`, each node visited once (aliases are not followed), without recursion. */
export function checkDuplicateKeys(doc: Document, text: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object' || isAlias(node) || isScalar(node)) continue;
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = pair.key as Node | null;
        if (isScalar(key)) {
          const v = key.value;
          // `yaml` compares with `===`: NaN never equals itself.
          if (!(typeof v === 'number' && Number.isNaN(v))) {
            if (seen.has(v)) {
              let start = Math.min(key.range?.[0] ?? 0, text.length);
              // An empty key's node sits before the indentation: mark its `:` as `yaml` does.
              if (key.range && key.range[0] === key.range[1]) while (text[start] === ' ' || text[start] === '\t') start++;
              out.push(duplicateKeyDiagnostic(text, start));
            } else seen.add(v);
          }
        }
        stack.push(pair.value, pair.key);
      }
    } else if (isSeq(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
    }
  }
  return out;
}
