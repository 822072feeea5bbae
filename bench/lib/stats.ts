/** Medians, ranges and markdown tables for the benchmark parts (each part prints one section). */

export interface Stats {
  median: number;
  min: number;
  max: number;
  n: number;
}

export function stats(xs: readonly number[]): Stats {
  if (xs.length === 0) return { median: NaN, min: NaN, max: NaN, n: 0 };
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { median, min: s[0], max: s[s.length - 1], n: s.length };
}

/** A number of milliseconds, with precision that suits its size. */
export function ms(n: number): string {
  if (!Number.isFinite(n)) return '—';
  if (n >= 100) return Math.round(n).toLocaleString('en-US');
  if (n >= 10) return n.toFixed(1);
  if (n >= 1) return n.toFixed(2);
  if (n >= 0.01) return n.toFixed(3);
  return n.toFixed(4);
}

/** `median (min–max)` in ms. */
export function cell(s: Stats, unit = ''): string {
  return `${ms(s.median)}${unit} (${ms(s.min)}–${ms(s.max)})`;
}

export function ratio(ours: number, base: number): string {
  return `${(ours / base).toFixed(2)}×`;
}

export function verdict(met: boolean): string {
  return met ? 'met' : '**missed**';
}

export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Milliseconds spent in `fn` (async or not). */
export async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

export function timeSync(fn: () => unknown): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

/**
 * Runs `rounds` rounds of every variant, interleaved (A B C A B C …), after `warmup` rounds that
 * are not recorded, so drift on a shared machine hits every variant alike.
 */
export async function interleave(variants: Record<string, () => Promise<number> | number>, rounds: number, warmup = 1): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = {};
  for (const k of Object.keys(variants)) out[k] = [];
  for (let r = 0; r < warmup + rounds; r++) {
    for (const [k, fn] of Object.entries(variants)) {
      const v = await fn();
      if (r >= warmup) out[k].push(v);
    }
  }
  return out;
}

/** Prints a section: a heading, the table and notes (run.mjs collects stdout into latest.md). */
export function section(title: string, body: string, notes: string[] = []): void {
  console.log(`\n### ${title}\n\n${body}\n${notes.length ? `\n${notes.map((n) => `- ${n}`).join('\n')}\n` : ''}`);
}
