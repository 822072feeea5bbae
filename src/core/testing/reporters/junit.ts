/** JUnit XML for CI systems (one <testsuite> per integration file). */
import type { TestFileResult } from '../types';

function esc(s: string): string {
  // XML 1.0 forbids most control characters even when escaped: drop them.
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** `shard` (`ion test --shard i/n`) names the report, so a CI matrix's reports stay apart. */
export function renderJunit(files: TestFileResult[], options: { shard?: { index: number; total: number } } = {}): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const all = files.flatMap((f) => f.tests);
  const failed = all.filter((t) => t.state === 'failed').length + files.filter((f) => f.error).length;
  const skipped = all.filter((t) => t.state === 'skipped').length;
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const total = all.reduce((s, t) => s + t.durationMs, 0);
  const name = options.shard ? `ion test (shard ${options.shard.index}/${options.shard.total})` : 'ion test';
  lines.push(`<testsuites name="${name}" tests="${all.length + files.filter((f) => f.error).length}" failures="${failed}" skipped="${skipped}" time="${seconds(total)}">`);
  for (const f of files) {
    const fFailed = f.tests.filter((t) => t.state === 'failed').length + (f.error ? 1 : 0);
    const fSkipped = f.tests.filter((t) => t.state === 'skipped').length;
    const fTime = f.tests.reduce((s, t) => s + t.durationMs, 0);
    lines.push(`  <testsuite name="${esc(f.integration || f.file)}" file="${esc(f.file)}" tests="${f.tests.length + (f.error ? 1 : 0)}" failures="${fFailed}" skipped="${fSkipped}" time="${seconds(fTime)}">`);
    if (f.error) {
      lines.push(`    <testcase name="(file)" classname="${esc(f.file)}" time="0"><failure type="${esc(f.error.code)}" message="${esc(f.error.message)}"/></testcase>`);
    }
    for (const t of f.tests) {
      const open = `    <testcase name="${esc(t.name)}" classname="${esc(f.integration || f.file)}" file="${esc(f.file)}" time="${seconds(t.durationMs)}"`;
      if (t.state === 'passed') lines.push(`${open}/>`);
      else if (t.state === 'skipped') lines.push(`${open}><skipped message="${esc(t.skippedReason ?? 'skipped')}"/></testcase>`);
      else {
        const text = t.failures.map((x) => x.message).join('\n');
        lines.push(`${open}><failure type="${esc(t.failures[0]?.key ?? 'failed')}" message="${esc(t.failures[0]?.message.split('\n')[0] ?? 'failed')}">${esc(text)}</failure></testcase>`);
      }
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}
