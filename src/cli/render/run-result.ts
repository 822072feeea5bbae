/** Human output of `ion run`: short and clear; colour only on a terminal. */
import type { RunResult } from '../../core/result';
import { formatBytes, formatDuration } from '../../core/units';
import { stringifyJson } from './json';

export interface Style {
  green(s: string): string;
  red(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

export function style(color: boolean): Style {
  const wrap = (code: number, reset: number) => (s: string) => (color ? `\u001b[${code}m${s}\u001b[${reset}m` : s);
  return { green: wrap(32, 39), red: wrap(31, 39), dim: wrap(2, 22), bold: wrap(1, 22) };
}

function attemptLine(a: RunResult['attempts'][number], i: number): string {
  const what = a.status !== undefined ? String(a.status) : (a.error ?? 'failed');
  const waited = a.waitMs > 0 ? `waited ${formatDuration(a.waitMs)}, ` : '';
  // paginate / batch: which page or chunk the attempt was for (docs/reference.md#the-run-result).
  const of = a.page !== undefined ? ` (page ${a.page})` : a.chunk !== undefined ? ` (chunk ${a.chunk})` : '';
  return `  attempt ${i + 1}${of}: ${waited}${what} in ${formatDuration(a.durationMs)}`;
}

export function renderRunResult(r: RunResult, s: Style): string {
  const out: string[] = [];
  const env = r.environment ? ` (${r.environment})` : '';
  const status = r.response ? ` ${r.response.status}` : '';
  if (r.ok) out.push(`${s.green('✓')} ${s.bold(r.name)}${env}${status} in ${formatDuration(r.durationMs)}`);
  else out.push(`${s.red('✗')} ${s.bold(r.name)}${env} failed${status} (${r.errors[0]?.code ?? 'error'}) in ${formatDuration(r.durationMs)}`);
  if (r.request) out.push(s.dim(`  ${r.request.method} ${r.request.url}`));
  if (r.attempts.length > 1 || r.attempts.some((a) => a.error)) r.attempts.forEach((a, i) => out.push(attemptLine(a, i)));
  if (r.response) out.push(s.dim(`  response: ${formatBytes(r.response.sizeBytes)}${r.response.truncated ? ' (body cut at 64 KB for display)' : ''}`));
  // README "Caching responses": where the response came from.
  if (r.cache === 'hit') out.push(s.dim('  from cache: nothing was sent'));
  else if (r.cache === 'revalidated') out.push(s.dim('  revalidated (304): the cached body was reused'));
  for (const w of r.warnings ?? []) out.push(`${s.bold(`warning ${w.code}`)}: ${w.message}`);
  for (const line of r.logs) out.push(s.dim(`  log: ${line}`));
  if (r.ok) {
    out.push(stringifyJson(r.output));
  } else {
    for (const e of r.errors) {
      const at = e.range ? ` (line ${e.range.line}, column ${e.range.column})` : '';
      out.push(`${s.red(`error ${e.code}`)}: ${e.message}${at}`);
      out.push(`  hint: ${e.hint}`);
    }
    for (const v of r.validation) out.push(`  ${v.path || '(body)'}: ${v.message}`);
  }
  return `${out.join('\n')}\n`;
}

export function renderDryRun(
  preview: { method: string; url: string; headers: Record<string, string>; body?: string },
  r: RunResult,
  s: Style,
): string {
  const out = [s.dim(`# dry run: nothing was sent${r.environment ? ` (environment ${r.environment})` : ''}`), `${preview.method} ${preview.url}`];
  for (const [k, v] of Object.entries(preview.headers)) out.push(`${k}: ${v}`);
  if (preview.body !== undefined) out.push('', preview.body);
  for (const line of r.logs) out.push(s.dim(line));
  return `${out.join('\n')}\n`;
}
