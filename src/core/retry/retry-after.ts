/** `Retry-After`: delta-seconds or an HTTP-date (RFC 9110 §10.2.3). */

/**
 * Milliseconds to wait, or undefined when the value is absent or garbage. A date in the past
 * means 0 (retry now).
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (v === '') return undefined;
  if (/^\d+$/.test(v)) {
    const s = Number(v);
    return Number.isSafeInteger(s) ? s * 1000 : undefined;
  }
  // HTTP-date: IMF-fixdate (and the obsolete forms Date.parse also reads). Require a weekday or
  // month name so numbers with junk ("10s", "1.5") are not read as dates.
  if (!/[A-Za-z]{3}/.test(v) || !/\d{1,2}:\d{2}:\d{2}/.test(v)) return undefined;
  const t = Date.parse(v);
  if (!Number.isFinite(t)) return undefined;
  return Math.max(0, t - nowMs);
}
