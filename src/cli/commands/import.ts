/**
 * `ion import openapi DESCRIPTION [--operation ID] [--out FILE]` and
 * `ion import postman COLLECTION [--out DIR] [--environment FILE] [--globals FILE]`
 * (README, "Import from OpenAPI or Postman"; docs/reference.md, "`ion import`").
 *
 * Without `--operation`, lists the operations (`ID  METHOD PATH` a line). With it, writes one
 * integration to FILE (or standard output). A Postman collection becomes one file per request in
 * DIR (default: the current folder); an existing file is never overwritten. What could not be
 * expressed and the secrets to set go to standard error. Exit 0 written, 2 bad usage or a file
 * that cannot be read or imported.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { integrationFromOperation, listOperations, loadOpenApi, OpenApiImportError, postmanToIntegrations, PostmanImportError } from '../../core/import';
import { flagString, parseArgs, UsageError } from '../args';
import { EXIT_OK, EXIT_USAGE, type CliIO } from '../io';

const USAGE = 'usage: ion import openapi DESCRIPTION [--operation ID] [--out FILE] | ion import postman COLLECTION [--out DIR] [--environment FILE] [--globals FILE]';

async function readJson(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch {
    throw new UsageError(`${what} ${path} is not JSON`);
  }
}

/** Creates `path` with `text`; an existing file or link there (even a dangling one) is a usage error, never written through. */
async function writeNew(path: string, text: string, shown: string): Promise<void> {
  try {
    await writeFile(path, text, { flag: 'wx' });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new UsageError(`${shown} already exists (or is a link): not written (remove it or give another --out)`);
    throw new UsageError(`cannot write ${shown}: ${code ?? (e as Error).message}`);
  }
}

async function openapi(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, { operation: { value: true }, out: { value: true } });
  if (args.positionals.length !== 1) throw new UsageError(`import openapi needs one DESCRIPTION (${USAGE})`);
  const spec = args.positionals[0];
  const path = resolve(io.cwd, spec);
  if (!existsSync(path)) throw new UsageError(`cannot read ${spec}: no such file (ENOENT)`);
  let api;
  try {
    api = await loadOpenApi(path, { root: io.cwd });
  } catch (e) {
    if (e instanceof OpenApiImportError) throw new UsageError(e.message.replace(path, spec));
    throw e;
  }
  const id = flagString(args, 'operation');
  if (id === undefined) {
    if (args.flags.has('out')) throw new UsageError('--out needs --operation ID (list the operations without it)');
    const ops = listOperations(api);
    const width = Math.max(0, ...ops.map((o) => o.id.length));
    for (const o of ops) io.out(`${o.id.padEnd(width)}  ${o.method.padEnd(7)} ${o.path}\n`);
    io.err(`${ops.length} operation${ops.length === 1 ? '' : 's'}; import one with --operation ID\n`);
    return EXIT_OK;
  }
  let result;
  try {
    result = integrationFromOperation(api, id);
  } catch (e) {
    if (e instanceof OpenApiImportError) throw new UsageError(e.message);
    throw e;
  }
  const out = flagString(args, 'out');
  if (out) {
    const target = resolve(io.cwd, out);
    if (existsSync(target)) throw new UsageError(`${out} already exists: remove it or give another --out`);
    // `wx`: never over a file (nor through a link, even a dangling one) that appeared since the check.
    await writeNew(target, result.yaml, out);
    io.err(`wrote ${out}\n`);
  } else io.out(result.yaml);
  for (const w of result.warnings) io.err(`note: ${w}\n`);
  if (result.secrets.length > 0) io.err(`secrets to set: ${result.secrets.map((s) => `${s.name} (${s.what})`).join(', ')}\n`);
  return EXIT_OK;
}

async function postman(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, { out: { value: true }, environment: { value: true }, globals: { value: true } });
  if (args.positionals.length !== 1) throw new UsageError(`import postman needs one COLLECTION (${USAGE})`);
  const collection = await readJson(resolve(io.cwd, args.positionals[0]), 'collection');
  const envFile = flagString(args, 'environment');
  const globalsFile = flagString(args, 'globals');
  const environment = envFile ? await readJson(resolve(io.cwd, envFile), 'environment') : undefined;
  const globals = globalsFile ? await readJson(resolve(io.cwd, globalsFile), 'globals') : undefined;
  let result;
  try {
    result = postmanToIntegrations(collection, { environment, globals });
  } catch (e) {
    if (e instanceof PostmanImportError) throw new UsageError(`${args.positionals[0]}: ${e.message}`);
    throw e;
  }
  const dir = resolve(io.cwd, flagString(args, 'out') ?? '.');
  const clash = result.files.find((f) => existsSync(join(dir, f.fileName)));
  if (clash) throw new UsageError(`${relative(io.cwd, join(dir, clash.fileName)) || clash.fileName} already exists: nothing written (remove it or give another --out)`);
  await mkdir(dir, { recursive: true });
  for (const f of result.files) {
    const target = join(dir, f.fileName);
    await writeNew(target, f.yaml, relative(io.cwd, target) || f.fileName);
    io.out(`${relative(io.cwd, target) || f.fileName}\n`);
  }
  for (const line of result.summary) io.err(`note: ${line}\n`);
  if (result.secrets.length > 0) io.err(`secrets to set: ${result.secrets.map((s) => `${s.name} (${s.what})`).join(', ')}\n`);
  io.err(`${result.files.length} file${result.files.length === 1 ? '' : 's'} written; no credential was copied into them\n`);
  return EXIT_OK;
}

export async function importCommand(argv: string[], io: CliIO): Promise<number> {
  const [kind, ...rest] = argv;
  if (kind === 'openapi') return openapi(rest, io);
  if (kind === 'postman') return postman(rest, io);
  io.err(`ion: import ${kind === undefined ? 'needs openapi or postman' : `'${kind}' is not openapi or postman`} (${USAGE})\n`);
  return EXIT_USAGE;
}
