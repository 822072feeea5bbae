/** Finding YAML nodes by property path. */
import { isMap, isScalar, isSeq, type Document, type Node, type YAMLMap } from 'yaml';
import type { PropertyPath } from '../model';

/** The string a map key stands for in the plain value (`null` key → ''). Undefined for a non-scalar key. */
export function keyString(key: unknown): string | undefined {
  if (isScalar(key)) return key.value == null ? '' : String(key.value);
  if (key == null) return '';
  return undefined;
}

interface KeyIndex {
  size: number;
  /** Key → index of its last pair. */
  at: Map<string, number>;
}

/** One index per map, so that a lookup per diagnostic does not scan the map (linear, not quadratic). */
const indexes = new WeakMap<YAMLMap, KeyIndex>();

function pairIndex(map: YAMLMap, want: string): number {
  let ix = indexes.get(map);
  let i = ix?.size === map.items.length ? ix.at.get(want) : undefined;
  // A map changed since it was indexed (same size, other pair) is indexed again.
  if (ix === undefined || ix.size !== map.items.length || (i !== undefined && keyString(map.items[i]?.key) !== want)) {
    ix = { size: map.items.length, at: new Map() };
    for (let j = 0; j < map.items.length; j++) {
      const k = keyString(map.items[j].key);
      if (k !== undefined) ix.at.set(k, j);
    }
    indexes.set(map, ix);
    i = ix.at.get(want);
  }
  return i ?? -1;
}

/** The key and value nodes at `path` (the last pair with that key, as in the plain value). */
export function nodeAt(doc: Document, path: PropertyPath): { key?: Node; value?: Node } {
  let node: unknown = doc.contents;
  let key: Node | undefined;
  for (const seg of path) {
    if (isMap(node)) {
      const i = pairIndex(node, String(seg));
      const found = i >= 0 ? node.items[i] : undefined;
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
