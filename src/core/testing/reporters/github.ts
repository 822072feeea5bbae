/**
 * `ion test --reporter github` (docs/ci.md): the spec report for the log, then one GitHub Actions
 * workflow command per failure, `::error file=F,line=L,title=T::MESSAGE`, which GitHub shows as an
 * annotation on that line of the pull request's diff and in the run's summary. Paths are as given
 * (relative to the folder `ion test` ran in: run it from the repository's root). Multi-line
 * messages and the property values are escaped as the runner expects (%, CR, LF; also `:` and `,`
 * in properties).
 */
import { parseIntegration, type ParsedIntegration } from '../../parse';
import type { TestFileResult } from '../types';
import { plainStyle, renderSpec } from './spec';

/** The 1-based line of test `index` of `file`, or undefined when unknown. */
export type TestLocator = (file: string, index: number) => number | undefined;

/** A locator from each file's text (`textOf(file)`), parsing each file once, on its first failure. */
export function testLocator(textOf: (file: string) => string | undefined): TestLocator {
  const parsed = new Map<string, ParsedIntegration | undefined>();
  return (file, index) => {
    if (!parsed.has(file)) {
      const text = textOf(file);
      parsed.set(file, text === undefined ? undefined : parseIntegration(text));
    }
    const p = parsed.get(file);
    const start = p?.rangeOf(['tests', index])?.start;
    return p && start !== undefined ? p.position(start).line : undefined;
  };
}

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function annotation(props: { file: string; line?: number; title: string }, message: string): string {
  const parts = [`file=${escapeProperty(props.file)}`];
  if (props.line !== undefined) parts.push(`line=${props.line}`);
  parts.push(`title=${escapeProperty(props.title)}`);
  return `::error ${parts.join(',')}::${escapeData(message)}`;
}

export function renderGithub(files: TestFileResult[], locate: TestLocator = () => undefined): string {
  const lines: string[] = [];
  for (const f of files) {
    const who = f.integration || f.file;
    if (f.error) {
      const at = /^line (\d+)\b/.exec(f.error.message);
      lines.push(annotation({ file: f.file, line: at ? Number(at[1]) : undefined, title: `ion test: ${who}: ${f.error.code}` }, f.error.message));
    }
    for (const t of f.tests) {
      if (t.state !== 'failed') continue;
      const message = t.failures.map((x) => `${x.key}: ${x.message}`).join('\n') || 'failed';
      lines.push(annotation({ file: f.file, line: locate(f.file, t.index), title: `ion test: ${who} › ${t.name}` }, message));
    }
  }
  const spec = renderSpec(files, plainStyle);
  return lines.length ? `${spec}${lines.join('\n')}\n` : spec;
}
