/**
 * Exact origin comparison (docs/reference.md#origins): scheme, host and port compared exactly, default
 * ports normalised. `https://api.x.com.evil.com`, `https://api.x.com@evil.com`, `http://api.x.com`
 * and `https://api.x.com:8443` are all different origins from `https://api.x.com`.
 */

const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' };

/** `scheme://host[:port]`, lower-cased, default port dropped; undefined when not an absolute http(s) URL. */
export function originOf(url: string | URL): string | undefined {
  let u: URL;
  try {
    u = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return undefined;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
  const port = u.port && u.port !== DEFAULT_PORTS[u.protocol] ? `:${u.port}` : '';
  return `${u.protocol}//${u.hostname.toLowerCase()}${port}`;
}

export function sameOrigin(a: string | URL, b: string | URL): boolean {
  const oa = originOf(a);
  return oa !== undefined && oa === originOf(b);
}

/** A comma (or whitespace) separated list of origins, normalised; entries that are not origins are skipped. */
export function parseOriginList(list: string): string[] {
  const out: string[] = [];
  for (const entry of list.split(/[,\s]+/)) {
    if (!entry) continue;
    const o = originOf(entry);
    if (o) out.push(o);
  }
  return out;
}

/** Whether `origin` is one of `allowed` (both normalised by originOf). */
export function originAllowed(origin: string, allowed: readonly string[]): boolean {
  const o = originOf(origin);
  return o !== undefined && allowed.includes(o);
}
