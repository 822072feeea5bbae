/**
 * `ion`: the CLI on the same core as the extension (README, "The CLI").
 * Commands live one per file in ./commands and are loaded on demand, so `ion validate` never
 * pays for the HTTP engine or the sandbox.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import type { CliIO, Command } from './io';
import { EXIT_USAGE } from './io';
import { UsageError } from './args';

declare const ION_VERSION: string;
const version = typeof ION_VERSION === 'string' ? ION_VERSION : '0.0.0-dev';

const COMMANDS: Record<string, () => Promise<Command>> = {
  validate: async () => (await import('./commands/validate')).validateCommand,
  run: async () => (await import('./commands/run')).runCommand,
  curl: async () => (await import('./commands/curl')).curlCommand,
  test: async () => (await import('./commands/test')).testCommand,
  serve: async () => (await import('./commands/serve')).serveCommand,
};

export const HELP = `ion ${version}: run, test and check Gateway Ion integrations (*.ion.yaml)

Usage:
  ion validate FILE...                  [--json]
  ion run FILE [--env NAME] [--input JSON] [--var K=V]... [--json] [--no-outputs] [--dry-run] [--record] [--log PATH]
  ion test [FILE|DIR...] [--live] [--reporter spec|json|junit|github] [--update] [--shard i/n]
  ion curl FILE [--env NAME]            the request as a curl command, secrets as $ION_SECRET_* names
  ion serve [FILE|DIR...] [--port N] [--host H] [--env NAME] [--log PATH] [--concurrency N] [--queue N] [--no-schedules] [--no-webhooks]
  ion --version | --help

Options for every command:
  --env-file FILE   load variables (ION_SECRET_*, ION_*) from a .env file

run:  --env picks the environment; --input replaces the run's input (a JSON object); --var overrides
      one of the environment's vars; --dry-run prints the request, masked, and sends nothing;
      --record appends the real response to the file as a test; each run is logged to
      .ion/runs.jsonl (or --log PATH).
test: every *.ion.yaml under the current folder when no FILE|DIR is given (never node_modules);
      offline against loopback fixture servers; --live also runs tests marked live: true;
      --update rewrites the expected output of failing tests after showing the diff;
      --shard i/n runs the i-th of n disjoint parts of the suite (a CI matrix).
serve: runs webhook and schedule triggers until SIGTERM/SIGINT (every *.ion.yaml under the current
      folder when no FILE|DIR is given); listens on 127.0.0.1:8788 (--port 0: any free port);
      events are kept in .ion/inbox/ before the 202; /healthz and /metrics; runs go to the run log.

Secrets: {{ secret.NAME }} reads ION_SECRET_NAME (upper-case, '-' as '_'); per environment
ION_SECRET_NAME__ENV wins. ION_SECRET_NAME_ORIGINS=https://api.example.com binds it to origins.

Exit codes: 0 success; 1 errors in files, a failed run or test; 2 bad usage or unreadable file.
`;

/**
 * Pulls `--env-file FILE` out of argv (any command) and merges the file into env. A missing or
 * unreadable file is bad usage (exit 2) naming the file. Node itself looks for `--env-file` in its
 * whole argv, script arguments included (nodejs/node#54232), and exits 9 with its own message
 * before any of this runs; it stops at `--`, so the `ion` bin starts Node as `node -- dist/cli.js`
 * (its first line). Run the CLI as `ion …` or `node -- dist/cli.js …`, not `node dist/cli.js --env-file …`.
 */
function applyEnvFile(argv: string[], io: CliIO): string[] {
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    let file: string | undefined;
    if (a === '--env-file') {
      if (i + 1 >= argv.length) throw new UsageError('--env-file needs a value');
      file = argv[++i];
    } else if (a.startsWith('--env-file=')) file = a.slice('--env-file='.length);
    else {
      rest.push(a);
      continue;
    }
    let text: string;
    try {
      text = readFileSync(resolve(io.cwd, file), 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'error';
      throw new UsageError(`cannot read --env-file ${file}: ${code === 'ENOENT' ? 'no such file (ENOENT)' : code}`);
    }
    const parsed = parseDotenv(text);
    // The process environment wins over the file, as with dotenv and docker --env-file.
    for (const [k, v] of Object.entries(parsed)) if (io.env[k] === undefined) io.env[k] = v;
  }
  return rest;
}

const ONE_SHOT = new Set(['run', 'validate', 'curl']);

/** Whether argv names a short command (one request at most), after any `--env-file FILE`. */
export function isOneShot(argv: readonly string[]): boolean {
  let i = 0;
  while (argv[i] === '--env-file' || argv[i]?.startsWith('--env-file=')) i += argv[i] === '--env-file' ? 2 : 1;
  return ONE_SHOT.has(argv[i] ?? '');
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  try {
    const args = applyEnvFile(argv, io);
    const [name, ...rest] = args;
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      io.out(HELP);
      return name === undefined ? EXIT_USAGE : 0;
    }
    if (name === '--version' || name === '-v') {
      io.out(`${version}\n`);
      return 0;
    }
    const load = COMMANDS[name];
    if (!load) throw new UsageError(`unknown command '${name}' (try: ion --help)`);
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(HELP);
      return 0;
    }
    const command = await load();
    return await command(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`ion: ${e.message}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
}
