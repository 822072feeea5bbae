/**
 * RFC 8288 `Link` headers: `<URL>; rel="next"; title="x", <URL2>; rel="prev last"`. Several links
 * in one header (or several headers, joined with `, `), quoted parameters holding commas or
 * semicolons, `rel` as a space-separated list of relation types compared case-insensitively.
 */

export interface LinkValue {
  /** The target as written (resolve it against the response's URL). */
  target: string;
  /** Lower-cased parameter names → values (unquoted). */
  params: Record<string, string>;
  /** The relation types of `rel`, lower-cased. */
  rels: string[];
}

export function parseLinkHeader(header: string): LinkValue[] {
  const out: LinkValue[] = [];
  let i = 0;
  const n = header.length;
  const skipWs = () => {
    while (i < n && /[\s,]/.test(header[i])) i++;
  };
  while (i < n) {
    skipWs();
    if (i >= n) break;
    if (header[i] !== '<') {
      // Not a link-value: skip to the next top-level comma.
      i = nextComma(header, i);
      continue;
    }
    const close = header.indexOf('>', i + 1);
    if (close < 0) break;
    const target = header.slice(i + 1, close).trim();
    i = close + 1;
    const params: Record<string, string> = {};
    for (;;) {
      while (i < n && (header[i] === ' ' || header[i] === '\t')) i++;
      if (header[i] !== ';') break;
      i++;
      while (i < n && (header[i] === ' ' || header[i] === '\t')) i++;
      const nameStart = i;
      while (i < n && !/[=;,\s]/.test(header[i])) i++;
      const name = header.slice(nameStart, i).toLowerCase();
      while (i < n && (header[i] === ' ' || header[i] === '\t')) i++;
      let value = '';
      if (header[i] === '=') {
        i++;
        while (i < n && (header[i] === ' ' || header[i] === '\t')) i++;
        if (header[i] === '"') {
          i++;
          while (i < n && header[i] !== '"') {
            if (header[i] === '\\' && i + 1 < n) i++;
            value += header[i];
            i++;
          }
          i++;
        } else {
          const start = i;
          while (i < n && !/[;,]/.test(header[i])) i++;
          value = header.slice(start, i).trim();
        }
      }
      // The first occurrence of a parameter wins (RFC 8288 section 3.3 for `rel`).
      if (name && !(name in params)) params[name] = value;
    }
    out.push({ target, params, rels: (params.rel ?? '').toLowerCase().split(/\s+/).filter(Boolean) });
    i = nextComma(header, i);
  }
  return out;
}

function nextComma(header: string, from: number): number {
  let i = from;
  let quoted = false;
  while (i < header.length) {
    const c = header[i];
    if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) return i + 1;
    i++;
  }
  return i;
}

/** The target of the first link whose `rel` includes `rel`, or undefined. */
export function linkWithRel(header: string | undefined, rel: string): string | undefined {
  if (!header) return undefined;
  return parseLinkHeader(header).find((l) => l.rels.includes(rel))?.target;
}
