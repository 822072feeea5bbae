/**
 * `ion report --since` (docs/reference.md#ion-report): `30d` (the last 30 UTC days, today
 * included: from midnight UTC 29 days ago), `2w` (= 14d), `12h` (the last 12 hours), or an ISO
 * 8601 date or date-time (a bare date is midnight UTC).
 */
const DAY_MS = 86_400_000;

/** Epoch ms of the window's start, or undefined when `text` is none of the accepted forms. */
export function parseSince(text: string, now: number): number | undefined {
  const m = /^\s*(\d{1,5})\s*([hdw])\s*$/.exec(text);
  if (m) {
    const n = Number(m[1]);
    if (n <= 0) return undefined;
    if (m[2] === 'h') return now - n * 3_600_000;
    const days = m[2] === 'w' ? n * 7 : n;
    return Math.floor(now / DAY_MS) * DAY_MS - (days - 1) * DAY_MS;
  }
  if (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text.trim())) return undefined;
  const iso = text.trim();
  // Days are UTC: a date without a zone is read as UTC, not as the machine's local time.
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T00:00:00Z` : /(Z|[+-]\d{2}:?\d{2})$/.test(iso) ? iso : `${iso.replace(' ', 'T')}Z`);
  return Number.isFinite(ms) ? ms : undefined;
}
