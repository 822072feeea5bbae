/**
 * `ion report [--since 30d] [--log PATH] [--json] [--html FILE] [FILE|DIR...]` (docs/reference.md#ion-report,
 * README "Run history and reports"): the run log's figures per integration and environment, and what
 * needs attention. The files (default: every *.ion.yaml under the current folder) tell which
 * integrations have a schedule and which secrets are not set; a folder without files still reports
 * the log. Exit 0 (whatever the figures say); 2 on bad usage.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import type { IntegrationFile } from '../../core/model';
import { parseIntegrationBytes } from '../../core/parse';
import { secretNamesIn } from '../../core/references';
import { buildReport, parseSince, renderReportHtml, renderReportText, type IntegrationFacts } from '../../core/report';
import { readRunLogAll } from '../../core/runlog';
import { discoverIntegrationFiles } from '../../core/testing';
import { writeFileAtomic } from '../../core/output';
import { secretEnvName } from '../../core/template';
import { flagString, parseArgs, UsageError } from '../args';
import { EXIT_OK, type CliIO } from '../io';

export const REPORT_FLAGS = {
  since: { value: true },
  log: { value: true },
  json: { value: false },
  html: { value: true },
} as const;

/** What the files say that the log cannot: schedules and secrets not set in this environment. */
async function factsOf(paths: string[], io: CliIO, explicit: boolean): Promise<IntegrationFacts[]> {
  let files: string[];
  try {
    files = await discoverIntegrationFiles(paths.map((p) => resolve(io.cwd, p)));
  } catch (e) {
    if (!explicit) return [];
    throw new UsageError(`cannot read ${paths.join(' ')}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  const out: IntegrationFacts[] = [];
  for (const file of files) {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(file);
    } catch (e) {
      throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
    }
    const f = parseIntegrationBytes(bytes, { fileName: file }).value as IntegrationFile | undefined;
    if (!f || typeof f.name !== 'string') continue;
    const envs = Object.keys(f.environments ?? {});
    const missing = [...secretNamesIn(f)].filter((name) => {
      if (io.env[secretEnvName(name)] !== undefined) return false;
      // Set for every environment the file has counts as set.
      return envs.length === 0 || envs.some((env) => io.env[secretEnvName(name, env)] === undefined);
    });
    out.push({
      integration: f.name,
      file,
      environments: envs,
      ...(f.defaultEnvironment ? { defaultEnvironment: f.defaultEnvironment } : {}),
      ...(f.trigger?.type === 'schedule' ? { cron: f.trigger.cron, ...(f.trigger.timezone ? { timezone: f.trigger.timezone } : {}) } : {}),
      ...(missing.length > 0 ? { missingSecrets: missing.sort() } : {}),
    });
  }
  return out;
}

export async function reportCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, REPORT_FLAGS);
  const now = Date.now();
  const sinceText = flagString(args, 'since') ?? '30d';
  const since = parseSince(sinceText, now);
  if (since === undefined) throw new UsageError(`--since takes 30d, 12h, 2w or an ISO 8601 date, not '${sinceText}'`);
  if (since > now) throw new UsageError(`--since ${sinceText} is in the future`);
  const logPath = resolve(io.cwd, flagString(args, 'log') ?? '.ion/runs.jsonl');
  const html = flagString(args, 'html');
  const explicit = args.positionals.length > 0;
  const facts = await factsOf(explicit ? args.positionals : ['.'], io, explicit);
  let read;
  try {
    read = await readRunLogAll(logPath);
  } catch (e) {
    throw new UsageError(`cannot read the run log ${logPath}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  // Without FILE|DIR every *.ion.yaml under the folder is read, fixtures and samples included: only
  // those the log has runs of are reported (named files are reported even without runs).
  const logged = new Set(read.entries.map((e) => e.integration));
  const integrations = explicit ? facts : facts.filter((f) => logged.has(f.integration));
  const report = buildReport(read.entries, { now, since, until: now, integrations });
  if (html !== undefined) {
    try {
      const out = resolve(io.cwd, html);
      await mkdir(dirname(out), { recursive: true });
      await writeFileAtomic(out, renderReportHtml(report));
    } catch (e) {
      throw new UsageError(`cannot write ${html}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
    }
  }
  if (args.flags.has('json')) io.out(`${JSON.stringify(report, null, 2)}\n`);
  else if (html === undefined) io.out(renderReportText(report, { color: io.isTTY && io.env.NO_COLOR === undefined, width: Number(io.env.COLUMNS) || 100 }));
  else io.err(`ion report: wrote ${html}\n`);
  if (read.skipped > 0) io.err(`ion report: ${read.skipped} malformed line(s) in the run log were skipped\n`);
  for (const p of read.refused ?? []) io.err(`ion report: ${relative(io.cwd, p) || p} is not a regular file (a symbolic link, a FIFO or a device): not read\n`);
  return EXIT_OK;
}
