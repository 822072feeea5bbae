/**
 * One HTTP exchange through the transport: no redirects (ours are handled above), the whole exchange
 * bounded by `timeoutMs`, the decoded body capped at `maxResponseBytes` while it streams.
 */
import type { Dispatcher } from 'undici';
import { IonError } from '../errors';
import { formatBytes, formatDuration, formatSize } from '../units';
import { clientCertHint } from './client-cert';
import { decodeStream } from './decode';
import { realTimer, type HttpTransport, type TlsOptions } from './transport';

export interface OutgoingRequest {
  method: string;
  url: URL;
  /** Header names as written; values as sent (unmasked). */
  headers: Record<string, string>;
  body?: string | Buffer;
}

export interface HttpResponse {
  status: number;
  /** Lower-cased names; repeated values joined with `, `. */
  headers: Record<string, string>;
  /** The decoded body. */
  body: Buffer;
  sizeBytes: number;
}

export interface SendOptions {
  transport: HttpTransport;
  tls?: TlsOptions;
  timeoutMs: number;
  maxResponseBytes: number;
  /** Cancels the exchange (→ `cancelled`). */
  signal?: AbortSignal;
}

const TIMEOUT = Symbol('timeout');

/**
 * The exchange's abort signal, as undici accepts it (an object with `aborted`, `reason` and
 * add/removeEventListener): a plain object instead of an AbortController, whose EventTarget
 * machinery costs more than the rest of an exchange's bookkeeping on a fast loopback call.
 */
class ExchangeAbort {
  aborted = false;
  reason: unknown = undefined;
  private listeners: Array<() => void> = [];

  addEventListener(_type: 'abort', listener: () => void): void {
    if (this.aborted) return;
    this.listeners.push(listener);
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    const i = this.listeners.indexOf(listener);
    if (i >= 0) this.listeners.splice(i, 1);
  }

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const listeners = this.listeners;
    this.listeners = [];
    for (const l of listeners) l();
  }
}

function flattenHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}

function networkMessage(e: unknown): string {
  const err = e as { message?: string; code?: string; cause?: { message?: string; code?: string } };
  const cause = err?.cause;
  const parts = [err?.message ?? String(e)];
  if (cause?.message && cause.message !== err.message) parts.push(cause.message);
  const code = err?.code ?? cause?.code;
  if (code && !parts.some((p) => p.includes(code))) parts.push(code);
  return parts.join(': ');
}

function tooLarge(max: number): IonError {
  return new IonError('response_too_large', `the decoded response passed the ${formatSize(max)} limit`);
}

/** An unencoded body of unknown length, read with events (no async iterator) and cut at `max` bytes. */
function readCapped(body: Dispatcher.ResponseData['body'], max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    body.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        reject(tooLarge(max));
        body.destroy();
        return;
      }
      chunks.push(chunk);
    });
    body.once('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)));
    body.once('error', reject);
  });
}

export async function sendOnce(req: OutgoingRequest, options: SendOptions): Promise<HttpResponse> {
  if (options.signal?.aborted) throw new IonError('cancelled', 'the run was cancelled');
  const ac = new ExchangeAbort();
  const onCancel = () => ac.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onCancel, { once: true });
  const cancelTimer = (options.transport.startTimer ?? realTimer)(options.timeoutMs, () => ac.abort(TIMEOUT));
  const classify = (e: unknown): IonError => {
    if (e instanceof IonError) return e;
    if (ac.aborted && ac.reason === TIMEOUT)
      return new IonError('timeout', `no complete response from ${req.url.host} within ${formatDuration(options.timeoutMs)}`);
    if (options.signal?.aborted) return new IonError('cancelled', 'the run was cancelled');
    const message = networkMessage(e);
    const hint = req.url.protocol === 'https:' ? clientCertHint((e as { code?: string })?.code, message, Boolean(options.tls?.cert)) : undefined;
    return new IonError('network', `${req.method} ${req.url.host}: ${message}`, { hint });
  };
  let res: Dispatcher.ResponseData | undefined;
  try {
    const dispatcher = options.transport.dispatcherFor(req.url, options.tls);
    res = await dispatcher.request({
      origin: req.url.origin,
      path: `${req.url.pathname}${req.url.search}`,
      method: req.method as Dispatcher.HttpMethod,
      headers: req.headers,
      body: req.body,
      signal: ac,
      headersTimeout: options.timeoutMs + 1000,
      bodyTimeout: options.timeoutMs + 1000,
    });
    const headers = flattenHeaders(res.headers as Record<string, string | string[] | undefined>);
    const max = options.maxResponseBytes;
    const declared = Number(headers['content-length']);
    if (!headers['content-encoding'] && Number.isFinite(declared) && declared > max) {
      throw new IonError('response_too_large', `the response declares ${formatBytes(declared)}, over the ${formatSize(max)} limit`);
    }
    if (!headers['content-encoding'] && Number.isFinite(declared) && declared >= 0) {
      // Not encoded, with a declared length within the cap: undici fails the body if the server
      // sends more or less than it declared, so the cap holds without counting chunk by chunk.
      const body = Buffer.from(await res.body.arrayBuffer());
      return { status: res.statusCode, headers, body, sizeBytes: body.length };
    }
    if (!headers['content-encoding']) {
      const body = await readCapped(res.body, max);
      return { status: res.statusCode, headers, body, sizeBytes: body.length };
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of decodeStream(res.body as AsyncIterable<Buffer>, headers['content-encoding'])) {
      size += chunk.length;
      if (size > max) throw tooLarge(max);
      chunks.push(chunk);
    }
    return { status: res.statusCode, headers, body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks), sizeBytes: size };
  } catch (e) {
    const err = classify(e);
    if (err.code === 'network' && (e as { code?: string })?.code === 'Z_DATA_ERROR') {
      throw new IonError('network', `the response body could not be decoded (${(e as Error).message})`);
    }
    throw err;
  } finally {
    cancelTimer();
    options.signal?.removeEventListener('abort', onCancel);
    if (res && !res.body.destroyed) res.body.destroy();
  }
}
