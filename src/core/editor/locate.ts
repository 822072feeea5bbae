/** The YAML node under an offset, with its property path (for hover and quick fixes). */
import { isMap, isPair, isScalar, isSeq, type Document, type Node, type Scalar } from 'yaml';
import { keyString } from '../validate/nodes';
import type { PathSeg } from './cursor';

export interface Located {
  path: PathSeg[];
  /** On the key of the last path segment, or in its (scalar) value. */
  on: 'key' | 'value';
  /** The scalar under the offset, when there is one. */
  scalar?: Scalar;
  /** The range of the key or scalar under the offset. */
  start: number;
  end: number;
}

const inside = (n: unknown, offset: number): boolean => {
  const r = (n as Node | null)?.range;
  return !!r && offset >= r[0] && offset <= r[1];
};

export function locateAt(doc: Document, offset: number): Located | undefined {
  const path: PathSeg[] = [];
  let node: unknown = doc.contents;
  for (let depth = 0; depth < 200 && node; depth++) {
    if (isMap(node)) {
      let next: unknown;
      for (const item of node.items) {
        if (!isPair(item)) continue;
        const name = keyString(item.key);
        if (name === undefined) continue;
        const k = item.key as Node | null;
        if (k && inside(k, offset) && k.range) return { path: [...path, name], on: 'key', start: k.range[0], end: k.range[1] };
        if (inside(item.value, offset)) {
          path.push(name);
          next = item.value;
          break;
        }
      }
      if (!next) return undefined;
      node = next;
    } else if (isSeq(node)) {
      const i = node.items.findIndex((it) => inside(it, offset));
      if (i < 0) return undefined;
      path.push(i);
      node = node.items[i];
    } else if (isScalar(node)) {
      const r = node.range;
      if (!r) return undefined;
      return { path, on: 'value', scalar: node, start: r[0], end: r[1] };
    } else return undefined;
  }
  return undefined;
}
