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
