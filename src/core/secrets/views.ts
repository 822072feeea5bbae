/**
 * Decoded views of a text, for masking by value (README "Security"): the JSON string escapes
 * (`\/`, `\"`, `\uXXXX` of any character, mixed with plain characters), percent-encoding (either
 * hex case, any mix of encoded and plain characters, so full and path-safe forms alike), form
 * encoding (`+` for a space) and JSON pointer escapes (`~1`, `~0`). Each view keeps, for every
 * decoded character, the span of the original text it came from, so a secret found in a view is
 * masked in the original. Linear in the text, no recursion.
 */

export interface View {
  text: string;
  /** Original start offset of each character of `text`. */
  start: Int32Array;
  /** Original end offset (exclusive) of each character of `text`. */
  end: Int32Array;
}

export function identityView(text: string): View {
  const n = text.length;
  const start = new Int32Array(n);
  const end = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    start[i] = i;
    end[i] = i + 1;
  }
  return { text, start, end };
}

/** Builds a view from (decoded unit, span in `from`) pairs, composing spans with `from`'s own. */
class Builder {
  // A decoder never makes a text longer: the source length bounds the view.
  private readonly codes: Uint16Array;
  private readonly s: Int32Array;
  private readonly e: Int32Array;
  private n = 0;
  constructor(private readonly from: View) {
    const len = from.text.length;
    this.codes = new Uint16Array(len);
    this.s = new Int32Array(len);
    this.e = new Int32Array(len);
  }
  /** `code` (one UTF-16 unit) decoded from from.text[i, j). */
  unit(code: number, i: number, j: number): void {
    this.codes[this.n] = code;
    this.s[this.n] = this.from.start[i];
    this.e[this.n] = this.from.end[j - 1];
    this.n++;
  }
  push(text: string, i: number, j: number): void {
    for (let k = 0; k < text.length; k++) this.unit(text.charCodeAt(k), i, j);
  }
  done(): View {
    const codes = this.codes.subarray(0, this.n);
    return { text: UTF16.decode(codes), start: this.s.subarray(0, this.n), end: this.e.subarray(0, this.n) };
  }
}

const UTF16 = new TextDecoder('utf-16le');

const HEX = /^[0-9a-fA-F]{4}$/;
const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/**
 * JSON string escapes decoded (`\uXXXX`, `\/`, `\"`, `\\`, `\n`…); anything else kept as is. With
 * `lenient`, a `\uXXXX` after a backslash is decoded too (a secret escaped twice).
 */
export function jsonUnescape(v: View, lenient = false): View {
  const t = v.text;
  const b = new Builder(v);
  for (let i = 0; i < t.length; ) {
    if (t[i] === '\\' && i + 1 < t.length) {
      const c = t[i + 1];
      if (lenient && c === '\\' && t[i + 2] === 'u' && HEX.test(t.slice(i + 3, i + 7))) {
        b.push('\\', i, i + 1);
        i += 1;
        continue;
      }
      if (c === 'u' && HEX.test(t.slice(i + 2, i + 6))) {
        b.unit(parseInt(t.slice(i + 2, i + 6), 16), i, i + 6);
        i += 6;
        continue;
      }
      const simple = SIMPLE_ESCAPES[c];
      if (simple !== undefined) {
        b.push(simple, i, i + 2);
        i += 2;
        continue;
      }
    }
    b.unit(t.charCodeAt(i), i, i + 1);
    i += 1;
  }
  return b.done();
}

function hexByte(t: string, i: number): number {
  if (t[i] !== '%' || i + 2 >= t.length) return -1;
  const h = t.slice(i + 1, i + 3);
  return /^[0-9a-fA-F]{2}$/.test(h) ? parseInt(h, 16) : -1;
}

/** UTF-8 sequence length from its first byte (0: not a valid first byte). */
function utf8Length(b: number): number {
  if (b < 0x80) return 1;
  if (b >= 0xc2 && b <= 0xdf) return 2;
  if (b >= 0xe0 && b <= 0xef) return 3;
  if (b >= 0xf0 && b <= 0xf4) return 4;
  return 0;
}

/** Percent-encoding decoded per UTF-8 character (either hex case); with `plus`, `+` is a space (form encoding). */
export function percentDecode(v: View, plus: boolean): View {
  const t = v.text;
  const b = new Builder(v);
  for (let i = 0; i < t.length; ) {
    if (t[i] === '%') {
      const first = hexByte(t, i);
      const n = first < 0 ? 0 : utf8Length(first);
      if (n > 0) {
        const bytes = [first];
        let ok = true;
        for (let k = 1; k < n; k++) {
          const x = hexByte(t, i + 3 * k);
          if (x < 0x80 || x > 0xbf) {
            ok = false;
            break;
          }
          bytes.push(x);
        }
        if (ok) {
          const s = Buffer.from(bytes).toString('utf8');
          if (!s.includes('\ufffd')) {
            b.push(s, i, i + 3 * n);
            i += 3 * n;
            continue;
          }
        }
      }
    }
    b.unit(plus && t[i] === '+' ? 32 : t.charCodeAt(i), i, i + 1);
    i += 1;
  }
  return b.done();
}

/** JSON pointer escapes decoded: `~1` is `/`, `~0` is `~`. */
export function pointerUnescape(v: View): View {
  const t = v.text;
  const b = new Builder(v);
  for (let i = 0; i < t.length; ) {
    if (t[i] === '~' && (t[i + 1] === '0' || t[i + 1] === '1')) {
      b.push(t[i + 1] === '0' ? '~' : '/', i, i + 2);
      i += 2;
      continue;
    }
    b.unit(t.charCodeAt(i), i, i + 1);
    i += 1;
  }
  return b.done();
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", sol: '/', plus: '+', equals: '=', percnt: '%', tilde: '~', bsol: '\\', num: '#' };
const ENTITY = /^&(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-z]{2,6}));/;
/** Whether a text holds an HTML character reference (the trigger of htmlUnescape). */
const HAS_ENTITY = /&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|amp|lt|gt|quot|apos|sol|plus|equals|percnt|tilde|bsol|num);/;

/**
 * HTML character references decoded (`&#x2F;`, `&#43;`, `&amp;`, `&quot;`…): an error page that
 * echoes a token escapes it so (README "Security").
 */
export function htmlUnescape(v: View): View {
  const t = v.text;
  const b = new Builder(v);
  for (let i = 0; i < t.length; ) {
    if (t[i] === '&') {
      const m = ENTITY.exec(t.slice(i, i + 12));
      if (m) {
        const cp = m[1] !== undefined ? Number(m[1]) : m[2] !== undefined ? parseInt(m[2], 16) : -1;
        const s = cp >= 0 ? (cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff) ? String.fromCodePoint(cp) : undefined) : NAMED[m[3]];
        if (s !== undefined) {
          b.push(s, i, i + m[0].length);
          i += m[0].length;
          continue;
        }
      }
    }
    b.unit(t.charCodeAt(i), i, i + 1);
    i += 1;
  }
  return b.done();
}

/**
 * Every decoded view worth searching (the identity view is not included: the caller searches the
 * text itself): each order of the decoders whose trigger character occurs (JSON escapes, percent
 * or form encoding, JSON pointer), so a URL inside JSON, JSON inside a URL, JSON inside a JSON
 * string or a pointer to an escaped key all decode. A decoder that changes nothing adds no view; plain text costs nothing.
 */
/**
 * JSON nested in JSON strings, decoded this many levels deep. A secret that needs escaping (a `"`,
 * a `\`) doubles its backslashes at each level, so 8 levels cover any text of a sane size; a decode
 * that changes nothing stops the chain earlier.
 */
const JSON_LEVELS = 8;
/** Bound on the views of one text (breadth-first: shallow decodings come first). */
const MAX_VIEWS = 128;

export function decodedViews(text: string): View[] {
  // [decoder, group]: one decoder per group in a sequence (strict or lenient JSON, up to JSON_LEVELS
  // times for JSON nested in JSON; percent or form; pointer).
  const decoders: Array<[(v: View) => View, number]> = [];
  if (text.includes('\\')) decoders.push([(v) => jsonUnescape(v), 0]);
  if (text.includes('\\\\u')) decoders.push([(v) => jsonUnescape(v, true), 0]);
  if (text.includes('%')) decoders.push([(v) => percentDecode(v, false), 1]);
  if (text.includes('+')) decoders.push([(v) => percentDecode(v, true), 1]);
  if (text.includes('~')) decoders.push([pointerUnescape, 2]);
  if (text.includes('&') && HAS_ENTITY.test(text)) decoders.push([htmlUnescape, 3]);
  if (decoders.length === 0) return [];
  const out: View[] = [];
  const seen = new Set<string>([text]);
  // Breadth-first over the orders of the groups.
  let frontier: Array<{ view: View; groups: number[] }> = [{ view: identityView(text), groups: [] }];
  while (frontier.length > 0) {
    const next: typeof frontier = [];
    for (const { view, groups } of frontier) {
      for (const [decode, group] of decoders) {
        // JSON escapes may nest (JSON text inside a JSON string, escaped again): up to JSON_LEVELS.
        if (groups.filter((g) => g === group).length >= (group === 0 ? JSON_LEVELS : 1)) continue;
        // HTML references: one view of the text itself, never combined (an HTML page escapes the
        // value once; combining would multiply the views of a large body).
        if ((group === 3 && groups.length > 0) || groups.includes(3)) continue;
        if (out.length >= MAX_VIEWS) return out;
        const v = decode(view);
        if (seen.has(v.text)) continue;
        seen.add(v.text);
        out.push(v);
        next.push({ view: v, groups: [...groups, group] });
      }
    }
    frontier = next;
  }
  return out;
}
