/**
 * Masking by value (SPEC.md section 4): every secret, every token obtained at run time, and their
 * base64, URL-encoded and JSON-escaped forms, and the base64 of `user:password`, are replaced by
 * `***` in everything the engine reports.
 */

export const MASK = '***';

function forms(value: string): string[] {
  const out = new Set<string>([value]);
  const b64 = Buffer.from(value, 'utf8').toString('base64');
  out.add(b64);
  out.add(b64.replace(/=+$/, ''));
  out.add(Buffer.from(value, 'utf8').toString('base64url'));
  out.add(encodeURIComponent(value));
  out.add(new URLSearchParams({ v: value }).toString().slice(2));
  out.add(encodeURI(value));
  out.add(JSON.stringify(value).slice(1, -1));
  // A base64 form may be URL-encoded too (`+`, `/`, `=` in a query string).
  out.add(encodeURIComponent(b64));
  out.delete('');
  return [...out];
}

export class Masker {
  /** form → secret name (or '' for runtime tokens without a name). */
  private readonly byForm = new Map<string, string>();
  private sorted: string[] | null = [];

  /** Registers a secret value (and its encodings) under `name`. */
  add(value: string, name = ''): void {
    if (!value) return;
    for (const f of forms(value)) if (!this.byForm.has(f)) this.byForm.set(f, name);
    this.sorted = null;
  }

  /** Registers the base64 of `user:password` (basic auth), so the header is masked as a whole. */
  addBasic(user: string, password: string, name = ''): void {
    const pair = `${user}:${password}`;
    const b64 = Buffer.from(pair, 'utf8').toString('base64');
    for (const f of [b64, b64.replace(/=+$/, ''), encodeURIComponent(b64)]) if (!this.byForm.has(f)) this.byForm.set(f, name);
    this.sorted = null;
  }

  get size(): number {
    return this.byForm.size;
  }

  private list(): string[] {
    if (!this.sorted) this.sorted = [...this.byForm.keys()].sort((a, b) => b.length - a.length);
    return this.sorted;
  }

  /** The text with every known form replaced by `***`. */
  mask(text: string): string {
    if (this.byForm.size === 0 || !text) return text;
    let out = text;
    for (let round = 0; round < 8; round++) {
      let changed = false;
      for (const f of this.list()) {
        // After the first pass only forms longer than the mask can reappear by adjacency.
        if (round > 0 && f.length <= MASK.length) continue;
        if (out.includes(f)) {
          out = out.split(f).join(MASK);
          changed = true;
        }
      }
      if (!changed) break;
    }
    return out;
  }

  /** Whether `text` carries any secret form. */
  carries(text: string): boolean {
    for (const f of this.list()) if (text.includes(f)) return true;
    return false;
  }

  /** The names of the secrets whose forms appear in `text` ('' for unnamed runtime tokens). */
  namesIn(text: string): Set<string> {
    const names = new Set<string>();
    for (const f of this.list()) if (text.includes(f)) names.add(this.byForm.get(f) ?? '');
    return names;
  }

  /**
   * A deep copy with every string (keys too) masked. With no secret registered there is nothing to
   * mask and the value itself is returned (no copy): the engine's results and events are built
   * fresh for each run, so nobody else holds them.
   */
  maskDeep<T>(value: T): T {
    if (this.byForm.size === 0) return value;
    return this.deep(value, 0) as T;
  }

  private deep(value: unknown, depth: number): unknown {
    if (typeof value === 'string') return this.mask(value);
    if (value === null || typeof value !== 'object' || depth > 200) return value;
    if (Array.isArray(value)) return value.map((v) => this.deep(v, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      Object.defineProperty(out, this.mask(k), { value: this.deep(v, depth + 1), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
}
