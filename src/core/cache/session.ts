/**
 * One run's use of the cache (README "Caching responses"): look the request up; a fresh entry is
 * the response (no request is sent); a stale one with an `ETag`/`Last-Modified` gives the
 * conditional headers, and a `304` then reuses its body; any other response is stored unless it
 * says `Cache-Control: no-store` or `Vary: *`. Only GET and HEAD are cached.
 * A cache that cannot be read or written never fails the run: the run goes on without it.
 */
import type { HttpResponse, OutgoingRequest } from '../http/send';
import type { Masker } from '../secrets/mask';
import { baseKey, variantKey } from './key';
import type { CacheStore } from './store';

export type CacheState = 'hit' | 'revalidated' | 'miss';

interface EntryMeta {
  v: 1;
  storedAt: number;
  status: number;
  headers: Record<string, string>;
}

interface Entry extends EntryMeta {
  body: Buffer;
}

export interface CacheSessionOptions {
  store: CacheStore;
  ttlMs: number;
  /** Revalidate a stale entry with its validators (default true). */
  conditional: boolean;
  request: OutgoingRequest;
  auth: unknown;
  masker: Masker;
  /** `--no-cache` / Run (ignore cache): nothing is read; the response is still stored. */
  bypass?: boolean;
  /** Where a cache problem is reported (the run's logs). */
  log(line: string): void;
}

/** Response headers that are not kept: they describe the transfer, or set state in a client. */
const DROPPED = new Set(['set-cookie', 'set-cookie2', 'content-length', 'content-encoding', 'transfer-encoding', 'connection', 'keep-alive']);

export function cacheableMethod(method: string): boolean {
  return method === 'GET' || method === 'HEAD';
}

function directives(value: string | undefined): Set<string> {
  return new Set((value ?? '').split(',').map((d) => d.trim().toLowerCase().split('=')[0]).filter(Boolean));
}

function varyNames(response: HttpResponse): string[] | '*' {
  const list = (response.headers['vary'] ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  if (list.includes('*')) return '*';
  return [...new Set(list)].sort();
}

function encode(entry: Entry): Buffer {
  const meta: EntryMeta = { v: 1, storedAt: entry.storedAt, status: entry.status, headers: entry.headers };
  return Buffer.concat([Buffer.from(`${JSON.stringify(meta)}\n`, 'utf8'), entry.body]);
}

function decode(data: Buffer): Entry | undefined {
  const nl = data.indexOf(0x0a);
  if (nl < 0) return undefined;
  try {
    // A file someone else wrote may hold anything: only a well-formed entry is used, its headers
    // copied as strings (never a `__proto__` key, never a null or an array).
    const meta = JSON.parse(data.subarray(0, nl).toString('utf8')) as Partial<EntryMeta> | null;
    if (meta === null || typeof meta !== 'object' || meta.v !== 1) return undefined;
    const { storedAt, status, headers: raw } = meta;
    if (typeof storedAt !== 'number' || !Number.isFinite(storedAt) || !Number.isInteger(status) || status! < 100 || status! > 599) return undefined;
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(raw)) {
      if (typeof v !== 'string' || k === '__proto__') return undefined;
      headers[k] = v;
    }
    return { v: 1, storedAt, status: status!, headers, body: data.subarray(nl + 1) };
  } catch {
    return undefined;
  }
}

export class CacheSession {
  private entry?: Entry;
  private sentValidators = false;
  private pending?: { entry: Entry; vary: string[] | '*' };
  /** The `Vary` list on file for the base key (undefined: none stored yet). */
  private storedVary?: string[];

  private constructor(
    private readonly o: CacheSessionOptions,
    private readonly installKey: Buffer,
    private readonly base: string,
    private entryKey: string,
  ) {}

  /** Undefined when the request is not cacheable or the cache cannot be used. */
  static async open(o: CacheSessionOptions): Promise<CacheSession | undefined> {
    if (!cacheableMethod(o.request.method)) return undefined;
    try {
      const installKey = await o.store.installKey();
      const base = baseKey({ request: o.request, auth: o.auth }, installKey, o.masker);
      let vary: string[] | undefined;
      const varyRecord = await o.store.read(`${base}.vary`);
      if (varyRecord) {
        const parsed = JSON.parse(varyRecord.toString('utf8')) as { vary?: unknown };
        if (Array.isArray(parsed.vary)) vary = parsed.vary.filter((n): n is string => typeof n === 'string');
      }
      const session = new CacheSession(o, installKey, base, variantKey(base, vary ?? [], o.request, installKey, o.masker));
      session.storedVary = vary;
      if (!o.bypass) {
        const data = await o.store.read(`${session.entryKey}.entry`);
        session.entry = data ? decode(data) : undefined;
      }
      return session;
    } catch (e) {
      o.log(`[ion] cache: not used (${(e as Error).message})`);
      return undefined;
    }
  }

  /** The cached response when it is still fresh: the run sends nothing. */
  fresh(now: number): HttpResponse | undefined {
    const e = this.entry;
    if (!e || now - e.storedAt >= this.o.ttlMs || now < e.storedAt) return undefined;
    return this.toResponse(e);
  }

  /** `If-None-Match` / `If-Modified-Since` for a stale entry (empty when there is nothing to revalidate). */
  validators(): Record<string, string> {
    const e = this.entry;
    const out: Record<string, string> = {};
    if (!e || !this.o.conditional) return out;
    if (e.headers['etag']) out['If-None-Match'] = e.headers['etag'];
    if (e.headers['last-modified']) out['If-Modified-Since'] = e.headers['last-modified'];
    this.sentValidators = Object.keys(out).length > 0;
    return out;
  }

  /** Whether a `304` may answer this request (validators were sent). */
  get revalidating(): boolean {
    return this.sentValidators;
  }

  /**
   * Writes what `settle` kept, once the run has succeeded: a response that failed the file's checks
   * (validate.response, the transform, output.schema) is not reused from the cache.
   */
  async commit(): Promise<void> {
    const p = this.pending;
    this.pending = undefined;
    if (p) await this.save(p.entry, p.vary);
  }

  /** The response the run goes on with, and how the cache was used; what may be stored waits for `commit`. */
  async settle(response: HttpResponse, now: number): Promise<{ response: HttpResponse; state: CacheState }> {
    if (response.status === 304 && this.sentValidators && this.entry) {
      const headers = { ...this.entry.headers };
      for (const [k, v] of Object.entries(response.headers)) if (!DROPPED.has(k)) headers[k] = this.o.masker.mask(v);
      const refreshed: Entry = { ...this.entry, storedAt: now, headers };
      if (!directives(response.headers['cache-control']).has('no-store')) this.pending = { entry: refreshed, vary: varyNames(response) };
      return { response: this.toResponse(refreshed), state: 'revalidated' };
    }
    if (response.status >= 200 && response.status < 300 && response.status !== 206 && !directives(response.headers['cache-control']).has('no-store')) {
      const vary = varyNames(response);
      if (vary !== '*') {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(response.headers)) if (!DROPPED.has(k)) headers[k] = this.o.masker.mask(v);
        // The body as the run reports it: a secret an API echoes back is masked here too.
        const text = response.body.toString('utf8');
        const masked = this.o.masker.mask(text);
        const body = masked === text ? response.body : Buffer.from(masked, 'utf8');
        this.pending = { entry: { v: 1, storedAt: now, status: response.status, headers, body }, vary };
      }
    }
    return { response, state: 'miss' };
  }

  private toResponse(e: Entry): HttpResponse {
    return { status: e.status, headers: { ...e.headers }, body: e.body, sizeBytes: e.body.length };
  }

  private async save(entry: Entry, vary: string[] | '*'): Promise<void> {
    if (vary === '*') return;
    try {
      if (this.storedVary === undefined || this.storedVary.join(',') !== vary.join(',')) {
        await this.o.store.write(`${this.base}.vary`, Buffer.from(JSON.stringify({ vary }), 'utf8'));
        this.storedVary = vary;
      }
      this.entryKey = variantKey(this.base, vary, this.o.request, this.installKey, this.o.masker);
      await this.o.store.write(`${this.entryKey}.entry`, encode(entry));
    } catch (e) {
      this.o.log(`[ion] cache: the response could not be stored (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  }
}
