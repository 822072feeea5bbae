/** Finding YAML nodes by property path. */
import { isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import type { PropertyPath } from '../model';

/** The string a map key stands for in the plain value (`null` key → ''). Undefined for a non-scalar key. */
export function keyString(key: unknown): string | undefined {
  if (isScalar(key)) return key.value == null ? '' : String(key.value);
  if (key == null) return '';
  return undefined;
}

/** The key and value nodes at `path` (the last pair with that key, as in the plain value). */
export function nodeAt(doc: Document, path: PropertyPath): { key?: Node; value?: Node } {
  let node: unknown = doc.contents;
  let key: Node | undefined;
  for (const seg of path) {
    if (isMap(node)) {
      const want = String(seg);
      let found: { key: unknown; value: unknown } | undefined;
      for (let i = node.items.length - 1; i >= 0; i--) {
        const p = node.items[i];
        if (keyString(p.key) === want) {
          found = p;
          break;
        }
      }
      if (!found) return {};
      key = (found.key ?? undefined) as Node | undefined;
      node = found.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
      key = undefined;
    } else {
      return {};
    }
  }
  return { key, value: (node ?? undefined) as Node | undefined };
}
