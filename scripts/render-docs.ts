/**
 * Renders the README's generated sections from the code's own tables, so they cannot drift:
 * the troubleshooting table from ERROR_INFO (src/core/errors.ts) and the diagnostics table
 * from DIAGNOSTIC_CODES (src/core/validate/codes.ts). `npx tsx scripts/render-docs.ts` rewrites
 * README.md; `--check` exits 1 when it is out of date (a unit test runs the check).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CODES, ERROR_INFO } from '../src/core/errors';

export function troubleshootingTable(): string {
  const rows = ERROR_CODES.map((code) => {
    const i = ERROR_INFO[code];
    const cell = (s: string) => s.replace(/\|/g, '\\|');
    return `| <a id="error-${code}"></a>\`${code}\` | ${cell(i.title)} | ${cell(i.cause)} | ${cell(i.hint)} |`;
  });
  return ['| Code | Error | Cause | Solution |', '|---|---|---|---|', ...rows].join('\n');
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

async function main(): Promise<void> {
  const path = join(__dirname, '..', 'README.md');
  const current = readFileSync(path, 'utf8');
  const next = await renderReadme(current);
  if (process.argv.includes('--check')) {
    if (next !== current) {
      console.error('README.md is out of date: run `npx tsx scripts/render-docs.ts`');
      process.exit(1);
    }
    return;
  }
  if (next !== current) writeFileSync(path, next);
}

if (require.main === module) void main();
