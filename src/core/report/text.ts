/**
 * `ion report` in a terminal (README "Run history and reports"): one table row per integration and
 * environment, a sparkline of calls per day under it, then what needs attention.
 */
import { formatDuration } from '../units';
import type { IntegrationReport, Report } from './build';

export interface TextOptions {
  /** ANSI colours (the CLI passes stdout.isTTY and NO_COLOR). */
  color?: boolean;
  /** Columns available (default 100); the sparkline shows the last days that fit. */
  width?: number;
}

const BARS = '▁▂▃▄▅▆▇█';

/** One character per value, scaled to the largest; 0 is a space so quiet days stand out. */
export function sparkline(values: number[]): string {
  const max = Math.max(0, ...values);
  return values.map((v) => (v <= 0 || max === 0 ? ' ' : BARS[Math.min(BARS.length - 1, Math.floor((v / max) * (BARS.length - 1) + 0.5))])).join('');
}

function pad(s: string, n: number): string {
  const len = [...s].length;
  return len >= n ? s : s + ' '.repeat(n - len);
}

function padLeft(s: string, n: number): string {
  const len = [...s].length;
  return len >= n ? s : ' '.repeat(n - len) + s;
}

function rate(r: number): string {
  return `${(r * 100).toFixed(1)}%`;
}

function ms(n: number, calls: number): string {
  return calls === 0 ? '-' : formatDuration(n);
}

export function renderReportText(r: Report, options: TextOptions = {}): string {
  const color = options.color === true;
  const width = Math.max(40, options.width ?? 100);
  const paint = (code: string, s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const lines: string[] = [];
  lines.push(`Run report ${r.since.slice(0, 16).replace('T', ' ')} to ${r.until.slice(0, 16).replace('T', ' ')} UTC`);
  if (r.integrations.length === 0) {
    lines.push('', 'No runs in this window.');
    return `${lines.join('\n')}\n`;
  }
  const header = ['INTEGRATION', 'ENV', 'CALLS', 'FAILED', 'ERRORS', 'AVG', 'P50', 'P95', 'LAST ERROR'];
  const rows = r.integrations.map((i) => [
    i.integration,
    i.environment ?? '-',
    String(i.calls),
    String(i.failures),
    i.calls === 0 ? '-' : rate(i.errorRate),
    ms(i.avgMs, i.calls),
    ms(i.p50Ms, i.calls),
    ms(i.p95Ms, i.calls),
    i.lastError ? `${i.lastError.ts.slice(0, 16).replace('T', ' ')} ${i.lastError.code}` : '-',
  ]);
  const widths = header.map((h, c) => Math.max([...h].length, ...rows.map((row) => [...row[c]].length)));
  const numeric = new Set([2, 3, 4, 5, 6, 7]);
  const fmt = (row: string[], red = false) =>
    row
      .map((cell, c) => {
        const text = numeric.has(c) ? padLeft(cell, widths[c]) : pad(cell, widths[c]);
        return red && c === 3 ? paint('31', text) : text;
      })
      .join('  ')
      .trimEnd();
  lines.push('', paint('1', fmt(header)));
  r.integrations.forEach((i, n) => {
    lines.push(fmt(rows[n], i.failures > 0));
    lines.push(...detail(i, width, paint));
  });
  return `${lines.join('\n')}\n`;
}

function detail(i: IntegrationReport, width: number, paint: (code: string, s: string) => string): string[] {
  const out: string[] = [];
  const room = Math.max(7, width - 30);
  const days = i.perDay.slice(-room);
  if (days.length > 0) {
    const calls = days.map((d) => d.ok + d.failed);
    const failed = days.map((d) => d.failed);
    const peak = Math.max(0, ...calls);
    out.push(`  calls/day  ${sparkline(calls)}  (${days[0].day} to ${days[days.length - 1].day}, peak ${peak})`);
    if (i.failures > 0) out.push(`  failed/day ${paint('31', sparkline(failed))}`);
  }
  const codes = Object.entries(i.errorCodes);
  if (codes.length > 0) out.push(`  errors: ${codes.map(([c, n]) => `${c} ${n}`).join(', ')}`);
  if (i.lastError?.hint) out.push(`  hint: ${i.lastError.hint}`);
  for (const a of i.attention) out.push(`  ${paint('33', `! ${a.kind}`)}: ${a.message}`);
  return out;
}
