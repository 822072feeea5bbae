/**
 * Content-Encoding decoding (gzip, deflate, br) with node:zlib streams, counting decoded bytes so
 * the size cap applies to what the body really is, not to what travelled.
 */
import { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from 'node:zlib';
import type { Transform } from 'node:stream';

/** The encodings to undo, outermost first; unknown ones (and `identity`) are left alone. */
export function encodingsToUndo(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e === 'gzip' || e === 'x-gzip' || e === 'deflate' || e === 'br')
    .reverse();
}

function isZlibHeader(chunk: Buffer): boolean {
  return chunk.length >= 2 && (chunk[0] & 0x0f) === 8 && ((chunk[0] << 8) | chunk[1]) % 31 === 0;
}

async function* peeked(first: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  yield first;
  for (;;) {
    const n = await rest.next();
    if (n.done) return;
    yield n.value;
  }
}

async function* through(source: AsyncIterable<Buffer>, make: (first: Buffer) => Transform): AsyncGenerator<Buffer> {
  const it = source[Symbol.asyncIterator]();
  const head = await it.next();
  if (head.done) return;
  const z = make(head.value);
  const input = Readable.from(peeked(head.value, it));
  input.on('error', (e) => z.destroy(e));
  input.pipe(z);
  try {
    for await (const chunk of z) yield chunk as Buffer;
  } finally {
    input.destroy();
    z.destroy();
  }
}

/** Wraps `source` in the decoders the Content-Encoding header asks for. */
export function decodeStream(source: AsyncIterable<Buffer>, contentEncoding: string | undefined): AsyncIterable<Buffer> {
  let out = source;
  for (const enc of encodingsToUndo(contentEncoding)) {
    const prev = out;
    if (enc === 'br') out = through(prev, () => createBrotliDecompress());
    else if (enc === 'deflate') out = through(prev, (first) => (isZlibHeader(first) ? createInflate() : createInflateRaw()));
    else out = through(prev, () => createGunzip());
  }
  return out;
}
