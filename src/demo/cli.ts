/**
 * `node dist/demo-server.js [--port 8787] [--quiet]`: starts the demo API on 127.0.0.1 and prints
 * its URL and the `export ION_SECRET_…` lines the examples need. Kept apart from `main.ts` so the
 * argument handling and the banner are testable in-process.
 */
import { parseArgs, flagString, UsageError } from '../cli/args';
import { demoSecretExports } from './credentials';
import { startDemoServer, type DemoServer } from './server';

const DEFAULT_DEMO_PORT = 8787;

export interface DemoCliIO {
  out(text: string): void;
  err(text: string): void;
}

const DEMO_USAGE = 'usage: demo-server [--port N] [--quiet]   (N: 0-65535, default 8787; 0 picks a free port)';

/** The port from `--port`, or throws UsageError. */
export function parseDemoArgs(argv: string[]): { port: number; quiet: boolean } {
  const args = parseArgs(argv, { port: { value: true }, quiet: { value: false }, help: { value: false } });
  if (args.flags.has('help')) throw new UsageError(DEMO_USAGE);
  if (args.positionals.length) throw new UsageError(`unexpected argument ${args.positionals[0]}\n${DEMO_USAGE}`);
  const text = flagString(args, 'port');
  const port = text === undefined ? DEFAULT_DEMO_PORT : /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 0 && port <= 65535)) throw new UsageError(`--port must be a number from 0 to 65535, not ${JSON.stringify(text)}`);
  return { port, quiet: args.flags.has('quiet') };
}

/** What the demo prints once it listens. */
export function demoBanner(url: string): string {
  return [
    `Gateway Ion demo API listening on ${url}  (GET ${url}/ lists the endpoints; Ctrl+C stops it)`,
    '',
    'Demo secrets for the examples (public demo values, not real credentials):',
    ...demoSecretExports(url),
    '',
    url.endsWith(':8787') ? 'Then: ion run examples/crm-customer.ion.yaml' : `The examples' demo environment says http://127.0.0.1:8787: override baseUrl with ${url}`,
    '',
  ].join('\n');
}

/** Starts the server; resolves with it, or with an exit code when it could not start. */
export async function runDemoCli(argv: string[], io: DemoCliIO): Promise<DemoServer | number> {
  let opts: { port: number; quiet: boolean };
  try {
    opts = parseDemoArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`${e.message}\n`);
    return 2;
  }
  try {
    const server = await startDemoServer({ port: opts.port, log: opts.quiet ? undefined : (line) => io.out(`${line}\n`) });
    io.out(`${demoBanner(server.url)}\n`);
    return server;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    io.err(code === 'EADDRINUSE' ? `port ${opts.port} is in use: pass --port with another number (or 0)\n` : `cannot start the demo API: ${(e as Error).message}\n`);
    return 1;
  }
}
