/**
 * Renders the generated sections of README.md and docs/reference.md from the code's own tables,
 * so they cannot drift: the error table from ERROR_INFO (src/core/errors.ts) and the diagnostics
 * table from DIAGNOSTIC_CODES (src/core/validate/codes.ts). `npx tsx scripts/render-docs.ts`
 * rewrites both files; `--check` exits 1 when one is out of date (unit tests in test/unit/docs/
 * compare the same renderings).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CODES, ERROR_INFO } from '../src/core/errors';

/** One row per error code; `last` names the hint column ("Solution" in the README, "Hint" in the reference). */
export function troubleshootingTable(last = 'Solution'): string {
  const rows = ERROR_CODES.map((code) => {
    const i = ERROR_INFO[code];
    const cell = (s: string) => s.replace(/\|/g, '\\|');
    return `| <a id="error-${code}"></a>\`${code}\` | ${cell(i.title)} | ${cell(i.cause)} | ${cell(i.hint)} |`;
  });
  return [`| Code | Error | Cause | ${last} |`, '|---|---|---|---|', ...rows].join('\n');
}

export async function diagnosticsTable(): Promise<string | undefined> {
  try {
    const mod = (await import('../src/core/validate/codes')) as {
      DIAGNOSTIC_CODES?: Record<string, { severity: string; summary: string }>;
    };
    if (!mod.DIAGNOSTIC_CODES) return undefined;
    const rows = Object.entries(mod.DIAGNOSTIC_CODES).map(
      ([code, d]) => `| <a id="diagnostic-${code.replace(/_/g, "-")}"></a>\`${code}\` | ${d.severity} | ${d.summary.replace(/\|/g, '\\|')} |`,
    );
    return ['| Code | Severity | Meaning |', '|---|---|---|', ...rows].join('\n');
  } catch {
    return undefined;
  }
}

function replaceBlock(text: string, name: string, body: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) return text;
  return `${text.slice(0, a + start.length)}\n${body}\n${text.slice(b)}`;
}

export async function renderReadme(readme: string): Promise<string> {
  let out = replaceBlock(readme, 'troubleshooting', troubleshootingTable());
  const diags = await diagnosticsTable();
  if (diags) out = replaceBlock(out, 'diagnostics', diags);
  return out;
}

export async function renderReference(reference: string): Promise<string> {
  let out = replaceBlock(reference, 'errors', troubleshootingTable('Hint'));
  const diags = await diagnosticsTable();
  if (diags) out = replaceBlock(out, 'diagnostics', diags);
  return out;
}

async function main(): Promise<void> {
  const files: [string, (text: string) => Promise<string>][] = [
    ['README.md', renderReadme],
    ['docs/reference.md', renderReference],
  ];
  let stale = false;
  for (const [name, render] of files) {
    const path = join(__dirname, '..', name);
    const current = readFileSync(path, 'utf8');
    const next = await render(current);
    if (next === current) continue;
    if (process.argv.includes('--check')) {
      console.error(`${name} is out of date: run \`npx tsx scripts/render-docs.ts\``);
      stale = true;
    } else writeFileSync(path, next);
  }
  if (stale) process.exit(1);
}

if (require.main === module) void main();
