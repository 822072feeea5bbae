/**
 * Rules for `paginate:`, `batch:` and `rateLimit:` beyond the schema (docs/reference.md#paginate,
 * #batch, #ratelimit): pointers are JSON pointers, `in: body` needs a JSON body, keys of another
 * style are flagged, `paginate` and `batch` exclude each other, `rateLimit.per` is longer than 0.
 */
import type { Document } from 'yaml';
import type { Diagnostic } from '../diagnostics';
import { isJsonPointer } from '../engine/pointer';
import { parseDuration } from '../units';
import { locate } from './ranges';

type Path = Array<string | number>;

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Keys that only mean something for some styles. */
const STYLE_KEYS: Record<string, string[]> = {
  next: ['cursor'],
  hasMore: ['cursor'],
  in: ['cursor'],
  param: ['cursor', 'page', 'offset'],
  start: ['page'],
  limit: ['offset'],
  limitParam: ['offset'],
  origins: ['link'],
};

export function checkPaginateBatch(value: Record<string, unknown>, doc: Document, text: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const report = (path: Path, severity: Diagnostic['severity'], code: string, message: string, prefer: 'value' | 'key' = 'value') => {
    out.push({ ...locate(doc, text, path, prefer), severity, code, message });
  };
  const paginate = value.paginate;
  if (isObj(paginate)) {
    for (const key of ['items', 'next', 'hasMore']) {
      const v = paginate[key];
      if (typeof v === 'string' && !isJsonPointer(v)) {
        report(['paginate', key], 'error', 'bad_pointer', `\`paginate.${key}\` is not a JSON pointer: write it like \`/data\` or \`/meta/next_cursor\` (\`~1\` for a \`/\` in a name)`);
      }
    }
    const style = typeof paginate.style === 'string' ? paginate.style : undefined;
    if (style) {
      for (const [key, styles] of Object.entries(STYLE_KEYS)) {
        if (paginate[key] !== undefined && !styles.includes(style)) {
          report(['paginate', key], 'warning', 'unused_key', `\`paginate.${key}\` is only used with \`style: ${styles.join('` or `style: ')}\`; this is \`style: ${style}\``, 'key');
        }
      }
    }
    const request = value.request;
    if (paginate.in === 'body' && style === 'cursor' && (!isObj(request) || !isObj(request.body))) {
      report(['paginate', 'in'], 'error', 'bad_value', '`paginate.in: body` sends the cursor as a field of the JSON body: `request.body` must be a map');
    }
    if (isObj(value.batch)) report(['batch'], 'error', 'conflicting_keys', 'a file has either `paginate` or `batch`, not both', 'key');
  }
  const rateLimit = value.rateLimit;
  if (isObj(rateLimit) && rateLimit.per !== undefined && parseDuration(rateLimit.per) === 0) {
    report(['rateLimit', 'per'], 'error', 'out_of_range', '`rateLimit.per` must be longer than 0, such as `1s` or `1m`');
  }
  return out;
}
