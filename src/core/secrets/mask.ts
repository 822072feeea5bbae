/**
 * Masking by value (README "Security"): every secret and every token obtained at run time is
 * replaced by `***` in everything the engine reports, whatever encoding an HTTP, JSON or URL layer
 * gave it: raw, JSON-escaped (`\/`, `\uXXXX`, mixed), percent-encoded (either hex case, full or
 * path-safe), form-encoded (`+` for a space), a JSON pointer (`~1`, `~0`), HTML character
 * references (`&#x2F;`, `&amp;`, once, not combined), and base64 / base64url
 * (with or without padding) of the value, of `Bearer VALUE` and of `user:password`.
 *
 * Mask what leaves, after the last transformation: `mask` on a text, `maskDeep` on a value (every
 * string and key, iteratively: no depth limit, no recursion), `cut` to shorten a text without ever
 * leaving a long prefix of a secret at the cut.
 */
import { decodedViews, type View } from './views';

export const MASK = '***';

/** A cut text ending with this many characters (or more) of a secret's start loses them. */
export const MIN_PREFIX = 4;

function base64Forms(text: string): string[] {
  const b64 = Buffer.from(text, 'utf8').toString('base64');
  const unpadded = b64.replace(/=+$/, '');
  const url = unpadded.replace(/\+/g, '-').replace(/\//g, '_');
  return [b64, unpadded, url, url + b64.slice(unpadded.length)];
}

/**
 * A secret that is a URL (a webhook URL kept as a secret) is sent, and so reported, as the URL
 * layer normalises it: host lower-cased, default port and dot segments dropped, characters
 * percent-encoded. Those spellings are forms of the secret too.
 */
function urlForms(value: string): string[] {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return [];
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return [];
  }
  const href = url.href;
  const out = [href];
  if (href.endsWith('/') && !value.endsWith('/')) out.push(href.slice(0, -1));
  return out.filter((f) => f !== value);
}

function forms(value: string): string[] {
  const urls = urlForms(value);
  return [value, ...urls, ...base64Forms(value), ...base64Forms(`Bearer ${value}`)];
}

interface Hit {
  start: number;
  end: number;
  name: string;
}

export class Masker {
  /** form → secret name (or '' for runtime tokens without a name). */
  private readonly byForm = new Map<string, string>();
  private sorted: string[] | null = [];
  private longest = 0;
  /** Copies maskDeepUnchanging made, with the number of forms known then (forms are only ever added). */
  private readonly madeClean = new WeakMap<object, number>();

  /** Registers a secret value (and its encodings) under `name`. */
  add(value: string, name = ''): void {
    if (!value) return;
    this.register(forms(value), name);
  }

  /** Registers the base64 of `user:password` (basic auth), so the header is masked as a whole. */
  addBasic(user: string, password: string, name = ''): void {
    if (password) this.register([password], name);
    this.register(base64Forms(`${user}:${password}`), name);
  }

  private register(list: string[], name: string): void {
    for (const f of list) {
      if (!f || this.byForm.has(f)) continue;
      this.byForm.set(f, name);
      this.longest = Math.max(this.longest, f.length);
    }
    this.sorted = null;
  }

  get size(): number {
    return this.byForm.size;
  }

  /** The length of the longest registered form (for margins around a cut). */
  get longestForm(): number {
    return this.longest;
  }

  private list(): string[] {
    if (!this.sorted) this.sorted = [...this.byForm.keys()].sort((a, b) => b.length - a.length);
    return this.sorted;
  }

  /** Every occurrence of every form, in the text and in each decoded view, as spans of the text. */
  private hits(text: string, first = false): Hit[] {
    const out: Hit[] = [];
    const forms = this.list();
    const search = (view: string, map: View | undefined): boolean => {
      for (const f of forms) {
        let i = view.indexOf(f);
        while (i >= 0) {
          const start = map ? map.start[i] : i;
          const end = map ? map.end[i + f.length - 1] : i + f.length;
          out.push({ start, end, name: this.byForm.get(f) ?? '' });
          if (first) return true;
          i = view.indexOf(f, i + 1);
        }
      }
      return false;
    };
    if (search(text, undefined)) return out;
    for (const v of decodedViews(text)) if (search(v.text, v)) return out;
    return out;
  }

  /** The text with every known form (in every encoding) replaced by `***`. */
  mask(text: string): string {
    if (this.byForm.size === 0 || !text) return text;
    let out = text;
    // A form containing `*` can reappear next to a mask: a few rounds settle it.
    for (let round = 0; round < 4; round++) {
      const hits = this.hits(out);
      if (hits.length === 0) break;
      out = replaceSpans(out, hits);
    }
    return out;
  }

  /**
   * The masked text cut to at most `limit` characters (plus the mask that may end it): masked
   * before the cut, and a cut that ends inside a secret (its first MIN_PREFIX characters or more,
   * in any encoding, or a dangling escape) ends with `***` instead.
   */
  cut(text: string, limit: number): string {
    const masked = this.mask(text);
    if (masked.length <= limit) return masked;
    let out = masked.slice(0, limit);
    // A dangling escape (`\u00`, `%E`, `\`) is cut off: it cannot be decoded anyway.
    out = out.replace(/(\\(u[0-9a-fA-F]{0,3})?|%[0-9a-fA-F]?|&(#[xX]?[0-9a-fA-F]{0,6}|[a-z]{0,6}))$/, '');
    if (this.byForm.size === 0) return out;
    const from = this.trailingPrefix(out);
    return from === undefined ? out : `${out.slice(0, from)}${MASK}`;
  }

  /** Where a trailing partial secret (in any view) starts in `text`, if the text ends with one. */
  private trailingPrefix(text: string): number | undefined {
    let best: number | undefined;
    const check = (view: string, map: View | undefined) => {
      for (const f of this.list()) {
        for (let k = Math.min(f.length - 1, view.length); k >= MIN_PREFIX; k--) {
          if (view.endsWith(f.slice(0, k))) {
            const at = map ? map.start[view.length - k] : view.length - k;
            if (best === undefined || at < best) best = at;
            break;
          }
        }
      }
    };
    check(text, undefined);
    for (const v of decodedViews(text)) check(v.text, v);
    return best;
  }

  /** Whether `text` carries any secret form. */
  carries(text: string): boolean {
    if (this.byForm.size === 0 || !text) return false;
    return this.hits(text, true).length > 0;
  }

  /** The names of the secrets whose forms appear in `text` ('' for unnamed runtime tokens). */
  namesIn(text: string): Set<string> {
    const names = new Set<string>();
    if (this.byForm.size === 0 || !text) return names;
    for (const h of this.hits(text)) names.add(h.name);
    return names;
  }

  /**
   * A deep copy with every string (keys too) masked, and a number or boolean whose text carries a
   * secret replaced by `***`. Iterative: any depth. With no secret registered there is nothing to
   * mask and the value itself is returned (no copy): the engine's results and events are built
   * fresh for each run, so nobody else holds them.
   */
  /**
   * maskDeep for a value nobody changes afterwards (the engine's masked response json): the copy is
   * remembered, and a later maskDeep that meets it (the final result holding it as its output)
   * keeps it as it is while no secret has been added since, so a 50MB body is walked once.
   */
  maskDeepUnchanging<T>(value: T): T {
    const copy = this.maskDeep(value);
    if (this.byForm.size > 0 && copy !== null && typeof copy === 'object') this.madeClean.set(copy, this.byForm.size);
    return copy;
  }

  maskDeep<T>(value: T): T {
    if (this.byForm.size === 0) return value;
    // A parsed 50MB body is ~640,000 objects whose keys and short values repeat ("id", "a"): each
    // distinct short string is masked once per call (masking is a function of the text).
    const memo = new Map<string, string>();
    const maskText = (s: string): string => {
      if (s.length > MEMO_MAX_CHARS) return this.mask(s);
      let m = memo.get(s);
      if (m === undefined) {
        m = this.mask(s);
        if (memo.size < MEMO_MAX_ENTRIES) memo.set(s, m);
      }
      return m;
    };
    const carriesMemo = new Map<string, boolean>();
    const carriesText = (s: string): boolean => {
      let c = carriesMemo.get(s);
      if (c === undefined) {
        c = this.carries(s);
        if (carriesMemo.size < MEMO_MAX_ENTRIES) carriesMemo.set(s, c);
      }
      return c;
    };
    const holder: unknown[] = [undefined];
    // Three parallel stacks (value, the copy it goes into, its key there): no tuple per value.
    const values: unknown[] = [value];
    const parents: Array<Record<string | number, unknown>> = [holder as unknown as Record<number, unknown>];
    const keys: Array<string | number> = [0];
    const seen = new WeakSet<object>();
    while (values.length > 0) {
      const v = values.pop();
      const parent = parents.pop()!;
      const key = keys.pop()!;
      let out: unknown;
      if (typeof v === 'string') out = maskText(v);
      else if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') out = carriesText(String(v)) ? MASK : v;
      else if (v === null || typeof v !== 'object') out = v;
      else if (this.madeClean.get(v) === this.byForm.size) out = v;
      else if (seen.has(v)) out = '[circular]';
      else {
        seen.add(v);
        if (Array.isArray(v)) {
          const arr = new Array<unknown>(v.length);
          for (let i = v.length - 1; i >= 0; i--) {
            values.push(v[i]);
            parents.push(arr as unknown as Record<number, unknown>);
            keys.push(i);
          }
          out = arr;
        } else {
          const obj: Record<string, unknown> = {};
          const entries = Object.entries(v);
          const masked = entries.map(([k]) => maskText(k));
          // Keys first, in order (a masked key may repeat: the last value wins, as before).
          for (const k of masked) setOwn(obj, k, undefined);
          for (let i = entries.length - 1; i >= 0; i--) {
            values.push(entries[i][1]);
            parents.push(obj);
            keys.push(masked[i]);
          }
          out = obj;
        }
      }
      if (Array.isArray(parent)) parent[key as number] = out;
      else setOwn(parent, key as string, out);
    }
    return holder[0] as T;
  }
}

/** Strings up to this length are masked once per maskDeep call; at most this many are kept. */
const MEMO_MAX_CHARS = 256;
const MEMO_MAX_ENTRIES = 50_000;

/** An own data property: plain assignment, but `__proto__` (a key JSON.parse makes) stays a key, never the prototype. */
function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') define(obj, key, value);
  else obj[key] = value;
}

function define(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** `text` with the union of the spans replaced, each maximal run of overlapping spans by one mask. */
function replaceSpans(text: string, hits: Hit[]): string {
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let pos = 0;
  let i = 0;
  while (i < hits.length) {
    const start = hits[i].start;
    let end = hits[i].end;
    i++;
    while (i < hits.length && hits[i].start < end) end = Math.max(end, hits[i++].end);
    out += text.slice(pos, Math.max(pos, start)) + MASK;
    pos = Math.max(pos, end);
  }
  return out + text.slice(pos);
}
