/**
 * Reading JSON text that may not be JSON (a response body, a log line, a curl `--data`): one
 * place that parses without throwing. Blank text is not JSON.
 */

/** The parsed value, or undefined when `text` is not JSON. (`null` is JSON: it parses to null.) */
export function parseJson(text: string): unknown {
  const t = text.trim();
  if (t === '') return undefined;
  try {
    return JSON.parse(t) as unknown;
  } catch {
    return undefined;
  }
}

/** The parsed value when it is an object or an array, else undefined. */
export function parseJsonContainer(text: string): Record<string, unknown> | unknown[] | undefined {
  const v = parseJson(text);
  return v !== null && typeof v === 'object' ? (v as Record<string, unknown> | unknown[]) : undefined;
}

/** The parsed value when it is an object (not an array, not null), else undefined. */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  const v = parseJsonContainer(text);
  return v !== undefined && !Array.isArray(v) ? v : undefined;
}

const levelsOf = new WeakMap<object, number>();

/**
 * Whether a value nests objects/arrays more than `max` levels deep (a scalar is 0 levels, `[]` 1,
 * `[[1]]` 2). Iterative; stops at the first path deeper than `max`, so a cycle or a hostile
 * 100,000-level value costs at most `max` levels per path. A completed walk remembers the value's
 * depth, so the engine's check and the printer's check of the same 50MB output walk it once
 * (values are checked once they are built and not changed afterwards).
 */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  const known = levelsOf.get(value);
  if (known !== undefined) return known > max;
  const values: object[] = [value];
  const depths: number[] = [0];
  let deepest = 0;
  while (values.length > 0) {
    const v = values.pop() as Record<string, unknown>;
    const d = depths.pop()!;
    if (d >= max) return true;
    if (d > deepest) deepest = d;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const x: unknown = v[i];
        if (x !== null && typeof x === 'object') {
          values.push(x);
          depths.push(d + 1);
        }
      }
    } else {
      for (const k in v) {
        if (!Object.prototype.hasOwnProperty.call(v, k)) continue;
        const x = v[k];
        if (x !== null && typeof x === 'object') {
          values.push(x);
          depths.push(d + 1);
        }
      }
    }
  }
  levelsOf.set(value, deepest + 1);
  return deepest + 1 > max;
}

/** How much of a value the response panel is sent (README "Performance", large responses): under the
 * panel tree's own budget of 5,000 nodes (src/webview/json-tree.ts), so the note of what was left out shows. */
export const DISPLAY_LIMITS = { maxNodes: 4000, maxStringChars: 64 * 1024 };

/**
 * A copy of `value` small enough to show: the first `maxNodes` values in document order (each
 * object, array and scalar counts one), a note where the rest was left out (`"… N more items not
 * shown"` as an array's last item, a `"…"` key in an object), and strings longer than
 * `maxStringChars` cut with a note. A value within the limits is returned itself. Iterative.
 * A 50MB output so becomes about 300KB for the panel instead of a 50MB message and a frozen view.
 */
export function displayCopy(value: unknown, limits: { maxNodes: number; maxStringChars: number } = DISPLAY_LIMITS): unknown {
  const cutString = (s: string): string =>
    s.length > limits.maxStringChars ? `${s.slice(0, limits.maxStringChars)}… (${s.length - limits.maxStringChars} more characters not shown)` : s;
  if (withinLimits(value, limits)) return value;
  interface Box { copy: unknown[] | Record<string, unknown>; total: number; filled: number }
  const boxes: Box[] = [];
  const holder: unknown[] = [];
  const stack: Array<{ v: unknown; into: Box | null; key: string | null }> = [{ v: value, into: null, key: null }];
  let budget = limits.maxNodes;
  while (stack.length > 0 && budget > 0) {
    const { v, into, key } = stack.pop()!;
    budget--;
    let out: unknown = v;
    let box: Box | undefined;
    if (typeof v === 'string') out = cutString(v);
    else if (v !== null && typeof v === 'object') {
      if (Array.isArray(v)) {
        box = { copy: [], total: v.length, filled: 0 };
        for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], into: box, key: null });
      } else {
        const keys = Object.keys(v);
        box = { copy: {}, total: keys.length, filled: 0 };
        for (let i = keys.length - 1; i >= 0; i--) stack.push({ v: (v as Record<string, unknown>)[keys[i]], into: box, key: keys[i] });
      }
      boxes.push(box);
      out = box.copy;
    }
    if (into === null) holder.push(out);
    else {
      if (Array.isArray(into.copy)) into.copy.push(out);
      else Object.defineProperty(into.copy, key!, { value: out, enumerable: true, writable: true, configurable: true });
      into.filled++;
    }
  }
  for (const b of boxes) {
    const left = b.total - b.filled;
    if (left <= 0) continue;
    if (Array.isArray(b.copy)) b.copy.push(`… ${left} more item${left === 1 ? '' : 's'} not shown`);
    else Object.defineProperty(b.copy, '…', { value: `${left} more key${left === 1 ? '' : 's'} not shown`, enumerable: true, writable: true, configurable: true });
  }
  return holder[0];
}

/** Whether `value` has at most `maxNodes` values and no string over `maxStringChars` (stops early). */
function withinLimits(value: unknown, limits: { maxNodes: number; maxStringChars: number }): boolean {
  const stack: unknown[] = [value];
  let count = 0;
  while (stack.length > 0) {
    const v = stack.pop();
    if (++count > limits.maxNodes) return false;
    if (typeof v === 'string') {
      if (v.length > limits.maxStringChars) return false;
    } else if (v !== null && typeof v === 'object') {
      const children = Array.isArray(v) ? v : Object.values(v);
      if (count + stack.length + children.length > limits.maxNodes) return false;
      for (const x of children) stack.push(x);
    }
  }
  return true;
}
