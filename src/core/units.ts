/**
 * Durations and sizes: the one grammar of the file format (README, "File format": `500ms`,
 * `10s`, `2m`, `1h`, or a number of milliseconds; `512KB`, `10MB`, `1GiB`, or a number of
 * bytes), the parser the engine uses, and the formatter every message uses. The schema's
 * `duration` and `size` patterns are DURATION_PATTERN and SIZE_PATTERN (test/unit/core/units.test.ts
 * keeps them equal).
 *
 * Sizes are binary everywhere: 1KB = 1,024 bytes, 1MB = 1,048,576 bytes, 1GB = 1,073,741,824
 * bytes, and `KiB`, `MiB`, `GiB` are other spellings of the same. `formatSize` (limits and
 * settings) reads back with `parseSize` to the same number of bytes; `formatBytes` (sizes
 * measured, for display) rounds to one decimal where it is not exact.
 */

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const KB = 1024;
const MB = 1024 ** 2;
const GB = 1024 ** 3;
const SIZE_UNITS: Record<string, number> = { b: 1, kb: KB, mb: MB, gb: GB, kib: KB, mib: MB, gib: GB };

/** The schema's `definitions.duration.pattern`; group 2 is the unit. */
export const DURATION_PATTERN = '^\\s*\\d+(\\.\\d+)?\\s*(ms|s|m|h)\\s*$';
/** The schema's `definitions.size.pattern`; group 2 is the unit. */
export const SIZE_PATTERN = '^\\s*\\d+(\\.\\d+)?\\s*([Bb]|[KkMmGg][Bb]|[KkMmGg]i[Bb])\\s*$';

const DURATION_RE = new RegExp(DURATION_PATTERN);
const SIZE_RE = new RegExp(SIZE_PATTERN);

/** Milliseconds, or undefined when the value is not a duration. */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const m = DURATION_RE.exec(value);
  if (!m) return undefined;
  return Math.round(parseFloat(value) * DURATION_UNITS[m[2]]);
}

/** Bytes, or undefined when the value is not a size. */
export function parseSize(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? Math.floor(value) : undefined;
  if (typeof value !== 'string') return undefined;
  const m = SIZE_RE.exec(value);
  if (!m) return undefined;
  return Math.round(parseFloat(value) * SIZE_UNITS[m[2].toLowerCase()]);
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  return `${(ms / 60_000).toFixed(1)} min`;
}

function sizeUnit(n: number): [number, string] {
  return n >= GB ? [GB, 'GB'] : n >= MB ? [MB, 'MB'] : [KB, 'KB'];
}

/** `10 MB`, `1.25 KB` when the size is a whole number of hundredths of its unit; else undefined. */
function exactSize(n: number): string | undefined {
  if (!Number.isSafeInteger(n) || n < 0) return undefined;
  if (n < KB) return `${n} B`;
  const [unit, name] = sizeUnit(n);
  const hundredths = (n * 100) / unit;
  return Number.isInteger(hundredths) ? `${hundredths / 100} ${name}` : undefined;
}

/** A size measured (a response, a file), for display: `10 MB`, `1.5 KB`, `1.2 MB` (rounded), `512 B`. */
export function formatBytes(n: number): string {
  const exact = exactSize(n);
  if (exact !== undefined) return exact;
  if (!Number.isFinite(n) || n < KB) return `${Number.isFinite(n) ? Math.round(n) : n} B`;
  const [unit, name] = sizeUnit(n);
  return `${(n / unit).toFixed(1)} ${name}`;
}

/** A limit or a setting, exactly: `10 MB`, `64 MB`, `1.5 KB`, or `1025 B`. `parseSize` reads it back. */
export function formatSize(n: number): string {
  return exactSize(n) ?? `${n} B`;
}
