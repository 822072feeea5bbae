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
  report: async () => (await import('./commands/report')).reportCommand,
  auth: async () => (await import('./commands/auth')).authCommand,
  docs: async () => (await import('./commands/docs')).docsCommand,
  import: async () => (await import('./commands/import')).importCommand,
};

export const HELP = `ion ${version}: run, test and check Gateway Ion integrations (*.ion.yaml)

Usage:
  ion validate FILE...                  [--json] [--readiness]
  ion run FILE [--env NAME] [--input JSON] [--var K=V]... [--json] [--no-outputs] [--no-cache] [--dry-run] [--record] [--log PATH]
  ion test [FILE|DIR...] [--live] [--reporter spec|json|junit|github] [--update] [--shard i/n]
  ion curl FILE [--env NAME]            the request as a curl command, secrets as $ION_SECRET_* names
  ion auth login FILE [--env NAME] [--env-file F | --print]
  ion serve [FILE|DIR...] [--port N] [--host H] [--env NAME] [--log PATH] [--concurrency N] [--queue N] [--no-schedules] [--no-webhooks] [--alert-url URL]
  ion report [FILE|DIR...] [--since 30d] [--log PATH] [--json] [--html FILE]
  ion docs FILE... [--out DIR] [--check]   NAME.md beside each file (or in DIR): flow, configuration, troubleshooting
  ion import openapi DESCRIPTION [--operation ID] [--out FILE]   without --operation: lists ID  METHOD PATH
  ion import postman COLLECTION [--out DIR] [--environment FILE] [--globals FILE]   one file per request
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
validate: --readiness adds the readiness checklist (auth, endpoints, rateLimits, payloadExample):
      an information diagnostic readiness_<item> per missing item and FILE: readiness N/4 (stderr with --json).
docs: --check writes nothing and exits 1 naming each NAME.md that is stale or missing (for CI).
import: OpenAPI 3.0/3.1 or Swagger 2.0 (JSON or YAML, $refs resolved, none fetched); an operation
      without operationId is METHOD_PATH (get_/users/{id}). Postman collections v2.1: credentials
      become {{ secret.NAME }} references, never values; notes and secrets to set go to stderr;
      an existing file is never overwritten.
serve: runs webhook and schedule triggers until SIGTERM/SIGINT (every *.ion.yaml under the current
      folder when no FILE|DIR is given); listens on 127.0.0.1:8788 (--port 0: any free port);
      events are kept in .ion/inbox/ before the 202; /healthz and /metrics; runs go to the run log;
      --alert-url posts {"text": ...} (Slack, Teams) when a triggered run fails (the file's alerts:).
report: the run log's figures per integration and environment (calls per day, error rate, avg,
      p50, p95, last error, error codes) and what needs attention; --since 30d|12h|2w|DATE;
      --json (the documented shape) or --html FILE (one self-contained page).
auth: login signs in for FILE (auth grant authorization_code or device_code): prints the URL (and
      opens a browser; ION_NO_BROWSER=1 does not), then writes ION_SECRET_<NAME>=<refresh token> to
      --env-file F (created 0600, the line replaced in place) or, with --print, to stdout.

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
function applyEnvFile(argv: string[], io: CliIO, keep = false): string[] {
  const rest: string[] = [];
  // `ion auth login` also writes the file (created when missing): it keeps the flag, at the end.
  const kept: string[] = [];
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
    if (keep) kept.push('--env-file', file);
    (io.envFiles ??= []).push(file);
    let text: string;
    try {
      text = readFileSync(resolve(io.cwd, file), 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'error';
      if (keep && code === 'ENOENT') continue;
      throw new UsageError(`cannot read --env-file ${file}: ${code === 'ENOENT' ? 'no such file (ENOENT)' : code}`);
    }
    const parsed = parseDotenv(text);
    // The process environment wins over the file, as with dotenv and docker --env-file.
    for (const [k, v] of Object.entries(parsed)) if (io.env[k] === undefined) io.env[k] = v;
  }
  return [...rest, ...kept];
}

/** The command argv names, after any leading `--env-file FILE`. */
function commandName(argv: readonly string[]): string | undefined {
  let i = 0;
  while (argv[i] === '--env-file' || argv[i]?.startsWith('--env-file=')) i += argv[i] === '--env-file' ? 2 : 1;
  return argv[i];
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
    const args = applyEnvFile(argv, io, commandName(argv) === 'auth');
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
