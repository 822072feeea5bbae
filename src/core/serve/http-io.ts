/** Answers and bodies of the `ion serve` listener (docs/reference.md#ion-serve). */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** What a refused request may still send (read and dropped) before its connection is cut. */
const DRAIN_LIMIT_BYTES = 8 * 1024 * 1024;

/** A JSON answer, or plain text (the Prometheus exposition) when `body` is a string. */
export function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : `${JSON.stringify(body)}\n`;
  res.writeHead(status, { 'Content-Type': typeof body === 'string' ? 'text/plain; version=0.0.4; charset=utf-8' : 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/**
 * Answers at once, without keeping the body: the rest is read and dropped so the sender, which may
 * still be writing, gets the answer instead of a reset; past DRAIN_LIMIT_BYTES the connection is cut.
 */
export function refuse(req: IncomingMessage, res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  send(res, status, body, headers);
  let dropped = 0;
  req.on('data', (c: Buffer) => {
    dropped += c.length;
    if (dropped > DRAIN_LIMIT_BYTES) req.socket.destroy();
  });
  req.resume();
}

/** The whole body, or undefined as soon as it passes `max` bytes (nothing past it is kept). */
export function readBody(req: IncomingMessage, max: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (c: Buffer) => {
      if (tooLarge) return;
      size += c.length;
      if (size > max) {
        tooLarge = true;
        chunks.length = 0;
        resolve(undefined);
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
