/**
 * Files are read as bytes and decoded strictly: a byte sequence that is not UTF-8 is reported at
 * its line and column (`invalid_utf8`) instead of being silently replaced by U+FFFD. The editor
 * receives text VS Code has already decoded; this is for the CLI and for files the core reads.
 */
import type { Diagnostic } from '../diagnostics';

export type Utf8Result =
  | { ok: true; text: string }
  | {
      ok: false;
      /** The text with each bad sequence replaced (U+FFFD), so that the rest can still be read. */
      text: string;
      /** Offset of the first bad byte in the bytes, and of its replacement in `text`. */
      byteOffset: number;
      offset: number;
      /** 1-based. */
      line: number;
      column: number;
      byte: number;
    };

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** The index of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstBadByte(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) n = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f; // no surrogates
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    } else return i;
    if (b[i + 1] === undefined || b[i + 1] < lo || b[i + 1] > hi) return i;
    for (let k = 2; k <= n; k++) if (b[i + k] === undefined || b[i + k] < 0x80 || b[i + k] > 0xbf) return i;
    i += n + 1;
  }
  return -1;
}

/** Decodes `bytes` as UTF-8 (a BOM is kept, as `readFile(…, 'utf8')` does); reports the first bad byte's position. */
export function decodeUtf8(bytes: Uint8Array): Utf8Result {
  const start = 0;
  const body = bytes;
  try {
    return { ok: true, text: strict.decode(body) };
  } catch {
    const bad = Math.max(0, firstBadByte(body));
    const before = lenient.decode(body.subarray(0, bad));
    const nl = before.lastIndexOf('\n');
    let line = 1;
    for (let i = before.indexOf('\n'); i >= 0; i = before.indexOf('\n', i + 1)) line++;
    return { ok: false, text: lenient.decode(body), byteOffset: start + bad, offset: before.length, line, column: before.length - nl, byte: body[bad] ?? 0 };
  }
}

/** The `invalid_utf8` diagnostic for a failed decode. */
export function utf8Diagnostic(r: Extract<Utf8Result, { ok: false }>): Diagnostic {
  const hex = r.byte.toString(16).toUpperCase().padStart(2, '0');
  return {
    start: r.offset,
    end: Math.min(r.offset + 1, Math.max(r.text.length, r.offset + 1)),
    severity: 'error',
    code: 'invalid_utf8',
    message: `the file is not UTF-8 text: byte 0x${hex} at line ${r.line}, column ${r.column} (byte ${r.byteOffset}) is not valid UTF-8; save the file as UTF-8`,
  };
}
