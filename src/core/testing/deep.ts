/** Deep equality and a readable diff for test expectations (JSON values only). */

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') {
    return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => deepEqual(v, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  if (ak.length !== bk.length) return false;
  return ak.every((k) => Object.prototype.hasOwnProperty.call(bo, k) && deepEqual(ao[k], bo[k]));
}

/** True when every key of `expected` (recursively, for objects) matches `actual`; arrays compare element-wise and by length. */
export function matchesSubset(actual: unknown, expected: unknown): boolean {
  if (expected === null || typeof expected !== 'object') return deepEqual(actual, expected);
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => matchesSubset(actual[i], e));
  }
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
  const a = actual as Record<string, unknown>;
  return Object.entries(expected as Record<string, unknown>).every(([k, v]) => matchesSubset(a[k], v));
}

export interface DiffLine {
  /** JSON pointer of the difference. */
  path: string;
  expected: unknown;
  actual: unknown;
}

function pointer(parts: string[]): string {
  return parts.length === 0 ? '' : `/${parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}

/** The differences between two JSON values, by JSON pointer (at most `limit`). */
export function diffJson(expected: unknown, actual: unknown, limit = 20): DiffLine[] {
  const out: DiffLine[] = [];
  const walk = (e: unknown, a: unknown, path: string[]) => {
    if (out.length >= limit || deepEqual(e, a)) return;
    const bothObjects = e !== null && a !== null && typeof e === 'object' && typeof a === 'object' && Array.isArray(e) === Array.isArray(a);
    if (!bothObjects) {
      out.push({ path: pointer(path), expected: e, actual: a });
      return;
    }
    const keys = new Set([...Object.keys(e as object), ...Object.keys(a as object)]);
    for (const k of keys) walk((e as Record<string, unknown>)[k], (a as Record<string, unknown>)[k], [...path, k]);
  };
  walk(expected, actual, []);
  return out;
}

export function renderValue(v: unknown): string {
  if (v === undefined) return '(missing)';
  const s = JSON.stringify(v);
  return s.length > 200 ? `${s.slice(0, 197)}...` : s;
}
