/** The human reporter of `ion test`: one line a test, failures explained, a closing count line. */
import type { TestFileResult } from '../types';
import { formatDuration } from '../../units';

export interface SpecStyle {
  green(s: string): string;
  red(s: string): string;
  dim(s: string): string;
}

export const plainStyle: SpecStyle = { green: (s) => s, red: (s) => s, dim: (s) => s };
export const ansiStyle: SpecStyle = {
  green: (s) => `\u001b[32m${s}\u001b[39m`,
  red: (s) => `\u001b[31m${s}\u001b[39m`,
  dim: (s) => `\u001b[2m${s}\u001b[22m`,
};

export function summarize(files: TestFileResult[]): { passed: number; failed: number; skipped: number } {
  const tests = files.flatMap((f) => f.tests);
  return {
    passed: tests.filter((t) => t.state === 'passed').length,
    failed: tests.filter((t) => t.state === 'failed').length + files.filter((f) => f.error).length,
    skipped: tests.filter((t) => t.state === 'skipped').length,
  };
}

export function renderSpec(files: TestFileResult[], style: SpecStyle = plainStyle): string {
  const out: string[] = [];
  for (const f of files) {
    out.push(`${f.file}${f.integration ? style.dim(`  ${f.integration}`) : ''}`);
    if (f.error) out.push(`  ${style.red('✖')} ${f.error.code}: ${f.error.message}`);
    if (!f.error && f.tests.length === 0) out.push(style.dim('  (no tests)'));
    for (const t of f.tests) {
      const timing = [formatDuration(t.durationMs)];
      if (t.virtualWaitMs > 0) timing.push(`waits ${formatDuration(t.virtualWaitMs)} virtual`);
      if (t.state === 'passed') out.push(`  ${style.green('✔')} ${t.name} ${style.dim(`(${timing.join(', ')})`)}`);
      else if (t.state === 'skipped') out.push(`  ${style.dim(`- ${t.name} (skipped: ${t.skippedReason ?? ''})`)}`);
      else {
        out.push(`  ${style.red('✖')} ${t.name} ${style.dim(`(${timing.join(', ')})`)}`);
        for (const failure of t.failures) {
          for (const line of failure.message.split('\n')) out.push(`      ${line}`);
        }
      }
    }
    out.push('');
  }
  const s = summarize(files);
  out.push(`${s.passed} passed, ${s.failed} failed${s.skipped ? `, ${s.skipped} skipped` : ''}`);
  return `${out.join('\n')}\n`;
}
