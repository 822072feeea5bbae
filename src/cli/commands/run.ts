/**
 * `ion run FILE [--env NAME] [--input JSON] [--var K=V]... [--json] [--no-outputs] [--no-cache] [--dry-run] [--record] [--log PATH]`
 * Exit 0 ok, 1 failed run, 2 bad usage / unreadable file / invalid_file / unknown --env.
 * Each real run appends a line to the run log: `.ion/runs.jsonl` under the current folder, or `--log PATH`.
 */
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../../core/output';
import { resolve } from 'node:path';
import { closeSharedTransports } from '../../core/http';
import type { JsonValue } from '../../core/model';
import { parseIntegration, parseIntegrationBytes, type ParsedIntegration } from '../../core/parse';
import { runIntegration, UnknownEnvironmentError, type RunEvent, defaultRunHooks } from '../../core/engine';
import { FileRunLog } from '../../core/runlog';
import { FileCacheStore } from '../../core/cache';
import { recordedTestCase, appendTest, type RecordedResponse } from '../../core/testing';
import { flagString, parseArgs, UsageError, type ParsedArgs } from '../args';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type CliIO } from '../io';
import { renderDryRun, renderRunResult, style } from '../render/run-result';
import { stringifyJson } from '../render/json';
import { cliSecretSource } from '../secrets';
import { secretEnvName } from '../../core/template';

export const RUN_FLAGS = {
  env: { value: true },
  input: { value: true },
  var: { value: true, repeat: true },
  json: { value: false },
  'no-outputs': { value: false },
  'no-cache': { value: false },
  'dry-run': { value: false },
  record: { value: false },
  log: { value: true },
} as const;

export interface LoadedFile {
  path: string;
  parsed: ParsedIntegration;
}

/** Reads and parses FILE; an unreadable file is bad usage (exit 2). */
export async function loadIntegration(file: string, cwd: string): Promise<LoadedFile> {
  const path = resolve(cwd, file);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  // Decoded strictly: bytes that are not UTF-8 are an `invalid_utf8` error, so the run is refused.
  return { path, parsed: parseIntegrationBytes(bytes, { fileName: path }) };
}

export function parseInputFlag(value: string | undefined): Record<string, JsonValue> | undefined {
  if (value === undefined) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(value);
  } catch (e) {
    throw new UsageError(`--input is not JSON: ${(e as Error).message}`);
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new UsageError('--input must be a JSON object, such as {"login":"octocat"}');
  return v as Record<string, JsonValue>;
}

export function parseVarFlags(args: ParsedArgs): Record<string, string> | undefined {
  const list = args.repeated.get('var');
  if (!list) return undefined;
  const out: Record<string, string> = {};
  for (const kv of list) {
    const eq = kv.indexOf('=');
    if (eq <= 0) throw new UsageError(`--var needs KEY=VALUE, got '${kv}'`);
    Object.defineProperty(out, kv.slice(0, eq), { value: kv.slice(eq + 1), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * The token endpoint rotated a refresh token the CLI cannot save back (README "Signing in"): say
 * which variable to update and where, never the value.
 */
export function rotationWarning(secret: string, environment: string | null, file: string, envFiles: readonly string[] = []): string {
  const name = secretEnvName(secret);
  const envFlag = environment ? ` --env ${environment}` : '';
  const target = envFiles.length > 0 ? envFiles[envFiles.length - 1] : 'F';
  const from = envFiles.length > 0 ? ` (${envFiles.join(', ')})` : '';
  return `ion: warning: the token endpoint rotated the refresh token, so ${name}${from} may stop working; update it by signing in again: ion auth login ${file}${envFlag} --env-file ${target}\n`;
}

export function onePositional(args: ParsedArgs, command: string): string {
  if (args.positionals.length !== 1) throw new UsageError(`ion ${command} takes one FILE (got ${args.positionals.length})`);
  return args.positionals[0];
}

export async function runCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, RUN_FLAGS);
  const file = onePositional(args, 'run');
  const input = parseInputFlag(flagString(args, 'input'));
  const vars = parseVarFlags(args);
  const json = args.flags.has('json');
  const dryRun = args.flags.has('dry-run');
  const record = args.flags.has('record');
  if (record && dryRun) throw new UsageError('--record saves a real response as a test; it cannot be combined with --dry-run');
  const { path, parsed } = await loadIntegration(file, io.cwd);
  let preview: Extract<RunEvent, { type: 'dry-run' }> | undefined;
  const responses: RecordedResponse[] = [];
  try {
    const result = await runIntegration(parsed, {
      file: path,
      environment: flagString(args, 'env'),
      input,
      vars,
      secrets: cliSecretSource(io.env),
      env: io.env,
      dryRun,
      outputs: !args.flags.has('no-outputs'),
      // `cache:` keeps responses under .ion/cache/ in the current folder (README "Caching responses").
      // No link from here down: a `.ion` link checked into a repository is not written through.
      cache: new FileCacheStore(resolve(io.cwd, '.ion/cache'), { root: io.cwd }),
      // --record saves a real response: it never comes from the cache.
      noCache: args.flags.has('no-cache') || record,
      trigger: 'manual',
      hooks: defaultRunHooks({ runLog: new FileRunLog(resolve(io.cwd, flagString(args, 'log') ?? '.ion/runs.jsonl')) }),
      onRefreshTokenRotated: (r) => io.err(rotationWarning(r.secret, r.environment, file, io.envFiles)),
      onEvent: (e) => {
        if (e.type === 'dry-run') preview = e;
        if (record && e.type === 'response') responses.push({ status: e.status, headers: e.headers, body: e.body });
      },
    });
    if (json) io.out(`${stringifyJson(result)}\n`);
    else if (dryRun && preview && result.ok) io.out(renderDryRun(preview, result, style(io.isTTY)));
    else io.out(renderRunResult(result, style(io.isTTY)));
    if (record && result.errors[0]?.code !== 'invalid_file' && !(await recordRun(path, parsed, result, responses, input, json ? io.err : io.out, io))) return EXIT_FAILED;
    if (result.ok) return EXIT_OK;
    return result.errors[0]?.code === 'invalid_file' ? EXIT_USAGE : EXIT_FAILED;
  } catch (e) {
    if (e instanceof UnknownEnvironmentError) throw new UsageError(e.message);
    throw e;
  } finally {
    await closeSharedTransports();
  }
}

/**
 * `--record`: appends the run as a test to FILE (README, "`ion run`"). The new text is checked with
 * the parser before it replaces the file (write to a temporary file, then rename).
 * Returns false when nothing could be recorded.
 */
async function recordRun(
  path: string,
  parsed: ParsedIntegration,
  result: Awaited<ReturnType<typeof runIntegration>>,
  responses: RecordedResponse[],
  input: Record<string, JsonValue> | undefined,
  say: (text: string) => void,
  io: CliIO,
): Promise<boolean> {
  if (responses.length === 0) {
    io.err('ion run --record: nothing recorded: the run got no response\n');
    return false;
  }
  const test = recordedTestCase(parsed, result, responses, { input });
  let text: string;
  try {
    text = appendTest(parsed, test);
  } catch (e) {
    io.err(`ion run --record: cannot add a test to ${path}: ${(e as Error).message}\n`);
    return false;
  }
  const check = parseIntegration(text, { fileName: path });
  if (check.hasErrors) {
    const first = check.diagnostics.find((d) => d.severity === 'error')!;
    io.err(`ion run --record: the recorded test would not validate (${first.code}: ${first.message}); ${path} left unchanged\n`);
    return false;
  }
  await writeFileAtomic(path, text);
  say(`recorded test "${test.name}" in ${path}\n`);
  return true;
}
