/**
 * `ion validate FILE... [--json] [--readiness]` (README, "`ion validate`"). Prints `FILE:LINE:COL severity code message`
 * (1-based, FILE as given), or with `--json` one array of
 * `{ file, line, column, endLine, endColumn, severity, code, message }`. A summary goes to stderr.
 * `--readiness` adds one information diagnostic per missing readiness item (`readiness_<item>`)
 * and a `FILE: readiness N/4` line per file (on stderr with `--json`, so the array stays as it was).
 * Information diagnostics never change the exit code.
 * Exit: 0 clean (warnings allowed), 1 any error, 2 bad usage or a file that cannot be read
 * (reported on stderr; the other files are still checked).
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseIntegrationBytes, type ParsedIntegration } from '../../core/parse';
import { readinessDiagnostics, readinessOf, readinessSummary, type Readiness } from '../../core/readiness';
import { parseArgs, UsageError } from '../args';
import type { CliIO } from '../io';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../io';

export interface ValidateRecord {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  code: string;
  message: string;
}

/** Diagnostics of one file's text, positioned 1-based. */
export function validateText(file: string, text: string | Uint8Array): ValidateRecord[] {
  return validateWithReadiness(file, text, false).records;
}

/** Diagnostics of one file's text and, with `readiness`, its checklist (missing items as information diagnostics). */
export function validateWithReadiness(file: string, text: string | Uint8Array, readiness: boolean): { records: ValidateRecord[]; readiness?: Readiness } {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  const parsed = parseIntegrationBytes(bytes, { fileName: file });
  if (!readiness) return { records: records(file, parsed) };
  const r = readinessOf(parsed);
  const extra = readinessDiagnostics(r);
  const all = [...parsed.diagnostics, ...extra].sort((a, b) => a.start - b.start);
  return { records: records(file, parsed, all), readiness: r };
}

function records(file: string, parsed: ParsedIntegration, diagnostics = parsed.diagnostics): ValidateRecord[] {
  return diagnostics.map((d) => {
    const s = parsed.position(d.start);
    const e = parsed.position(Math.max(d.end, d.start));
    return { file, line: s.line, column: s.column, endLine: e.line, endColumn: e.column, severity: d.severity, code: d.code, message: d.message };
  });
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** One line per diagnostic; a message never spans lines. */
export function formatRecord(r: ValidateRecord): string {
  return `${r.file}:${r.line}:${r.column} ${r.severity} ${r.code} ${r.message.replace(/\s*\n\s*/g, ' ')}\n`;
}

export async function validateCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, { json: { value: false }, readiness: { value: false } });
  const json = args.flags.has('json');
  const withReadiness = args.flags.has('readiness');
  const files = args.positionals;
  if (files.length === 0) throw new UsageError('validate needs at least one FILE (usage: ion validate FILE... [--json] [--readiness])');

  const records: ValidateRecord[] = [];
  let unreadable = 0;
  for (const file of files) {
    let text: Uint8Array;
    try {
      // Bytes, decoded strictly: bytes that are not UTF-8 are a diagnostic, not silently replaced.
      text = await readFile(resolve(io.cwd, file));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'error';
      io.err(`${file}: cannot read: ${code}\n`);
      unreadable++;
      continue;
    }
    const { records: list, readiness } = validateWithReadiness(file, text, withReadiness);
    records.push(...list);
    if (!json) for (const r of list) io.out(formatRecord(r));
    if (withReadiness) {
      const line = `${file}: ${readiness ? readinessSummary(readiness) : 'readiness unknown (the file cannot be read as YAML)'}\n`;
      if (json) io.err(line);
      else io.out(line);
    }
  }
  if (json) io.out(`${JSON.stringify(records, null, 2)}\n`);

  const errors = records.filter((r) => r.severity === 'error').length;
  const warnings = records.filter((r) => r.severity === 'warning').length;
  const checked = files.length - unreadable;
  const cannot = unreadable > 0 ? `, ${plural(unreadable, 'file')} unreadable` : '';
  io.err(`${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(checked, 'file')}${cannot}\n`);
  if (unreadable > 0) return EXIT_USAGE;
  return errors > 0 ? EXIT_FAILED : EXIT_OK;
}
