/**
 * JSON pointers (RFC 6901) as `paginate` uses them: `/data`, `/meta/next_cursor`, `` (the whole body).
 * One extension: a negative array index counts from the end, so `/data/-1/id` is the last item's id
 * (the cursor of Stripe-style lists, docs/reference.md#paginate).
 */
import type { JsonValue } from '../model';

/** Whether `text` is a JSON pointer: empty, or `/` followed by segments (`~0`, `~1` escapes only). */
export function isJsonPointer(text: unknown): text is string {
  return typeof text === 'string' && (text === '' || (text.startsWith('/') && !/~[^01]|~$/.test(text)));
}

/** The value `pointer` points to, or undefined when there is none. */
export function atPointer(value: JsonValue | undefined, pointer: string): JsonValue | undefined {
  if (pointer === '') return value;
  let cur: JsonValue | undefined = value;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) {
      if (!/^-?(0|[1-9]\d*)$/.test(seg)) return undefined;
      const i = Number(seg);
      cur = i < 0 ? cur[cur.length + i] : cur[i];
    } else if (cur !== null && typeof cur === 'object' && Object.prototype.hasOwnProperty.call(cur, seg)) {
      cur = cur[seg];
    } else {
      return undefined;
    }
  }
  return cur;
}
