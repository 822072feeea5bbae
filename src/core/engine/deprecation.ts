/**
 * API versioning (README "Deprecation and sunset warnings"): a `Sunset` header (RFC 8594, an
 * HTTP-date) or a `Deprecation` header (RFC 9745: a structured date `@<epoch seconds>`; older
 * drafts: `true` or an HTTP-date) becomes one `deprecated` warning of the run result, with the
 * `Link` whose `rel` is `deprecation` or `sunset` named in the message.
 */
import type { RunWarning } from '../result';
import { parseLinkHeader } from './link-header';

/** An HTTP-date (IMF-fixdate, or the obsolete RFC 850 / asctime forms Date.parse also reads) → ISO 8601. */
export function parseHttpDate(value: string): string | undefined {
  const v = value.trim();
  // A number alone is not an HTTP-date (Date.parse would read "2026" as a year).
  if (!/[a-z]/i.test(v)) return undefined;
  const t = Date.parse(v);
  return Number.isFinite(t) ? new Date(t).toISOString() : undefined;
}

export interface DeprecationHeader {
  /** ISO 8601, when the header gives a date. */
  date?: string;
}

/** `Deprecation`: `@1688169599` (RFC 9745), `true` (legacy), or an HTTP-date (legacy drafts). */
export function parseDeprecation(value: string | undefined): DeprecationHeader | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (v === '') return undefined;
  const at = /^@(-?\d+)(?:\.\d+)?$/.exec(v);
  if (at) {
    const ms = Number(at[1]) * 1000;
    return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? { date: new Date(ms).toISOString() } : {};
  }
  if (/^(true|\?1)$/i.test(v)) return {};
  if (/^(false|\?0)$/i.test(v)) return undefined;
  const date = parseHttpDate(v);
  return date ? { date } : {};
}

/** `Sunset`: an HTTP-date → ISO 8601 (undefined when unreadable). */
export function parseSunset(value: string | undefined): string | undefined {
  return value === undefined ? undefined : parseHttpDate(value);
}

/** The URL of the first `Link` with `rel` `deprecation` or `sunset` (RFC 8288 syntax). */
export function deprecationLink(link: string | undefined): string | undefined {
  if (!link) return undefined;
  // The one-pass parser `paginate` uses (link-header.ts): a regular expression retried at every `<`
  // of a header with no `>` took time quadratic in its length.
  return parseLinkHeader(link).find((l) => l.rels.includes('deprecation') || l.rels.includes('sunset'))?.target;
}

const day = (iso: string) => iso.slice(0, 10);

/** Without a masker's cut: a text over the limit is not quoted at all (never a cut inside a secret). */
const wholeOrNothing = (text: string, limit: number): string => (text.length <= limit ? text : '…');

/**
 * The `deprecated` warning for a response's headers (lower-cased names), or undefined. `cut`
 * shortens the quoted header text: the masker's (README "Security"), so that a cut never leaves
 * the start of a secret the server echoed there (masking after a plain cut cannot find it).
 */
export function deprecationWarning(headers: Record<string, string>, now: number, cut: (text: string, limit: number) => string = wholeOrNothing): RunWarning | undefined {
  const sunsetRaw = headers['sunset'];
  const sunset = parseSunset(sunsetRaw);
  const deprecation = parseDeprecation(headers['deprecation']);
  if (!deprecation && sunsetRaw === undefined) return undefined;
  const parts: string[] = [];
  if (deprecation) {
    if (deprecation.date) parts.push(`${Date.parse(deprecation.date) <= now ? 'deprecated since' : 'deprecated from'} ${day(deprecation.date)} (Deprecation header)`);
    else parts.push('deprecated (Deprecation header)');
  }
  if (sunset) parts.push(`${Date.parse(sunset) <= now ? 'past its sunset on' : 'to be removed on'} ${day(sunset)} (Sunset header)`);
  else if (sunsetRaw !== undefined) parts.push(`to be removed (Sunset header: ${cut(sunsetRaw.trim(), 80)})`);
  const link = deprecationLink(headers['link']);
  const message = `the API marks this endpoint ${parts.join(' and ')}${link ? `; see ${link}` : ''}`;
  const date = sunset ?? deprecation?.date;
  return { code: 'deprecated', message, ...(date ? { date } : {}) };
}
