/**
 * `ion test [FILE|DIR...] [--live] [--reporter spec|json|junit|github] [--update] [--shard i/n]`
 * No argument: every *.ion.yaml / *.ion.yml under the current folder (never node_modules).
 * Exit 0 all passed, 1 any failed, 2 bad usage or a file that cannot be read.
 * `--update` rewrites `expect.output` of tests that fail on `output` only, after printing the diff.
 * `--shard i/n` runs the i-th of n disjoint parts of the suite (core/testing/shard.ts); every file is
 * parsed once, whatever the shard.
 */
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../../core/output';
import { relative, resolve, sep } from 'node:path';
import { closeSharedTransports } from '../../core/http';
import { renderValue, discoverIntegrationFiles, renderJson, renderJunit, renderGithub, testLocator, ansiStyle, plainStyle, renderSpec, summarize, runParsedTests, parseShard, shardParts, type Shard, type TestFileResult, updateOutputs, type OutputUpdate } from '../../core/testing';
import { flagString, parseArgs, UsageError } from '../args';
import { EXIT_FAILED, EXIT_OK, type CliIO } from '../io';
import { cliSecretSource } from '../secrets';
import { decodeUtf8, utf8Diagnostic } from '../../core/validate';
import { parseIntegration, type ParsedIntegration } from '../../core/parse';
import { setTransformWorkers } from '../../core/transform';
import { availableParallelism } from 'node:os';

export const TEST_FLAGS = {
  live: { value: false },
  reporter: { value: true },
  update: { value: false },
  shard: { value: true },
} as const;

const REPORTERS = ['spec', 'json', 'junit', 'github'] as const;
type Reporter = (typeof REPORTERS)[number];

function display(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') ? rel : path;
}

async function findFiles(positionals: string[], cwd: string): Promise<string[]> {
  const args = positionals.length > 0 ? positionals : ['.'];
  const out: string[] = [];
  for (const arg of args) {
    try {
      out.push(...(await discoverIntegrationFiles([resolve(cwd, arg)])));
    } catch (e) {
      throw new UsageError(`cannot read ${arg}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
    }
  }
  return [...new Set(out)];
}

function describeUpdate(file: string, u: OutputUpdate): string {
  const lines = [`${file}: "${u.name}": expect.output ${u.confirmed ? 'updated' : 'NOT updated'}`];
  for (const d of u.diff) lines.push(`  at ${d.path || '(root)'}: - ${renderValue(d.expected)}  + ${renderValue(d.actual)}`);
  if (u.problem) lines.push(`  ${u.problem}`);
  return `${lines.join('\n')}\n`;
}

export async function testCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, TEST_FLAGS);
  const reporter = (flagString(args, 'reporter') ?? 'spec') as Reporter;
  if (!REPORTERS.includes(reporter)) throw new UsageError(`--reporter must be spec, json, junit or github (got '${reporter}')`);
  const live = args.flags.has('live');
  const update = args.flags.has('update');
  const shardFlag = flagString(args, 'shard');
  if (args.flags.get('shard') === true) throw new UsageError('--shard needs a value');
  let shard: Shard | undefined;
  try {
    shard = shardFlag === undefined ? undefined : parseShard(shardFlag);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const files = await findFiles(args.positionals, io.cwd);
  if (files.length === 0) throw new UsageError(`no *.ion.yaml files found under ${args.positionals.join(', ') || io.cwd}`);

  // Fixture cases run concurrently: their transforms on a few worker threads.
  setTransformWorkers(Math.min(availableParallelism(), 4));
  const texts = new Map<string, string>();
  // Bytes that are not UTF-8 make the file's result an error at their position (never replaced silently).
  const notUtf8 = new Map<string, string>();
  for (const f of files) {
    try {
      const decoded = decodeUtf8(await readFile(f));
      texts.set(f, decoded.text);
      if (!decoded.ok) {
        const d = utf8Diagnostic(decoded);
        notUtf8.set(f, `line ${decoded.line}, column ${decoded.column}: ${d.message} (${d.code})`);
      }
    } catch (e) {
      throw new UsageError(`cannot read ${display(io.cwd, f)}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
    }
  }

  // Diffs and update notes go to stderr with a machine reporter, so stdout stays one document.
  const note = reporter === 'spec' || reporter === 'github' ? io.out : io.err;
  // Each file is parsed once; a shard then picks its tests (or whole files) from the sorted list.
  const parsedFiles = new Map<string, ParsedIntegration>();
  for (const f of files) if (!notUtf8.has(f)) parsedFiles.set(f, parseIntegration(texts.get(f)!, { fileName: f }));
  let plan: Array<{ file: string; only?: number[] }> = files.map((file) => ({ file }));
  if (shard) {
    const keyOf = (f: string) => relative(io.cwd, f).split(sep).join('/');
    const byKey = new Map(files.map((f) => [keyOf(f), f]));
    const sizes = files.map((f) => {
      const p = parsedFiles.get(f);
      const tests = p && !p.hasErrors && Array.isArray(p.value?.tests) ? p.value.tests.length : 0;
      return { key: keyOf(f), tests };
    });
    plan = shardParts(sizes, shard).map((part) => ({ file: byKey.get(part.key)!, only: part.whole ? undefined : part.tests }));
    const total = sizes.reduce((n, x) => n + x.tests, 0);
    const mine = plan.reduce((n, p) => n + (p.only?.length ?? 0), 0);
    if (plan.length === 0) io.err(`ion: shard ${shard.index}/${shard.total} has no tests (${total} in ${files.length} file${files.length === 1 ? '' : 's'} across ${shard.total} shards): nothing to run\n`);
    else note(`shard ${shard.index}/${shard.total}: ${mine} of ${total} tests, ${plan.length} of ${files.length} file${files.length === 1 ? '' : 's'}\n`);
  }
  const results: TestFileResult[] = [];
  try {
    for (const { file: f, only } of plan) {
      const text = texts.get(f)!;
      const runOptions = { live, liveOptions: live ? { secrets: cliSecretSource(io.env), env: io.env } : undefined };
      const bad = notUtf8.get(f);
      let r: TestFileResult = bad ? { file: f, integration: '', error: { code: 'invalid_file', message: bad }, tests: [] } : await runParsedTests(parsedFiles.get(f)!, f, { ...runOptions, only });
      if (update && !r.error) {
        const u = await updateOutputs(f, text, r, runOptions);
        for (const x of u.updates) note(describeUpdate(display(io.cwd, f), x));
        if (u.text !== text) {
          await writeFileAtomic(f, u.text);
          // The updated tests now pass: report their confirming runs.
          const reran = new Map(u.updates.filter((x) => x.confirmed && x.rerun).map((x) => [x.index, x.rerun!]));
          r = { ...r, tests: r.tests.map((t) => reran.get(t.index) ?? t) };
        }
      }
      results.push({ ...r, file: display(io.cwd, r.file), tests: r.tests.map((t) => ({ ...t, file: display(io.cwd, t.file) })) });
    }
  } finally {
    await closeSharedTransports();
  }

  if (reporter === 'json') io.out(renderJson(results));
  else if (reporter === 'junit') io.out(renderJunit(results, { shard }));
  else if (reporter === 'github') {
    const textOf = new Map(files.map((f) => [display(io.cwd, f), texts.get(f)]));
    io.out(renderGithub(results, testLocator((file) => textOf.get(file))));
  }
  else io.out(renderSpec(results, io.isTTY ? ansiStyle : plainStyle));
  return summarize(results).failed === 0 ? EXIT_OK : EXIT_FAILED;
}
