/**
 * `ion serve [FILE|DIR...] [--port N] [--host H] [--env NAME] [--log PATH] [--concurrency N] [--queue N]
 * [--no-schedules] [--no-webhooks] [--alert-url URL]` (docs/reference.md#ion-serve): runs the triggers of the files given
 * (default: every *.ion.yaml under the current folder) until SIGTERM or SIGINT, then stops accepting,
 * lets running runs finish for up to 30s and exits 0.
 */
import { resolve } from 'node:path';
import { closeSharedTransports } from '../../core/http';
import { Masker } from '../../core/secrets';
import { postAlert, startServe, ServeSetupError, type ServeTarget } from '../../core/serve';
import { discoverIntegrationFiles } from '../../core/testing';
import { flagString, parseArgs, UsageError } from '../args';
import { EXIT_OK, type CliIO } from '../io';
import { cliSecretSource } from '../secrets';
import { loadIntegration } from './run';

export const SERVE_FLAGS = {
  port: { value: true },
  host: { value: true },
  env: { value: true },
  log: { value: true },
  concurrency: { value: true },
  queue: { value: true },
  'no-schedules': { value: false },
  'no-webhooks': { value: false },
  'alert-url': { value: true },
} as const;

function positiveInt(args: ReturnType<typeof parseArgs>, name: string, fallback: number, min = 1): number {
  const v = flagString(args, name);
  if (v === undefined) return fallback;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > 65535 * 16) throw new UsageError(`--${name} must be a whole number${min > 0 ? ` of at least ${min}` : ''}, not '${v}'`);
  return Number(v);
}

/**
 * `--alert-url`: POST `{ "text" }` (Slack, Teams incoming webhooks), masked with every ION_SECRET_*
 * value this process holds (the text only carries names, codes and hints), in the background: a
 * receiver that fails or hangs is logged after the timeout and never holds up a run.
 */
function sendAlert(url: string, text: string, io: CliIO): void {
  const masker = new Masker();
  for (const [k, v] of Object.entries(io.env)) if (/^ION_SECRET_/i.test(k) && !/_ORIGINS$/i.test(k) && v) masker.add(v, k);
  const masked = masker.mask(text);
  void postAlert(url, masked, { env: io.env }).then((r) => {
    if (r.ok) io.err(`[ion serve] alert sent: ${masked}\n`);
    else io.err(`[ion serve] alert not sent (${r.error ?? 'failed'}): ${masked}\n`);
  });
}

/** Resolves when SIGTERM or SIGINT arrives (tests may pass their own). */
export function stopSignal(): Promise<string> {
  return new Promise((r) => {
    process.once('SIGTERM', () => r('SIGTERM'));
    process.once('SIGINT', () => r('SIGINT'));
  });
}

export async function serveCommand(argv: string[], io: CliIO, stop: Promise<string> = stopSignal()): Promise<number> {
  const args = parseArgs(argv, SERVE_FLAGS);
  const port = positiveInt(args, 'port', 8788, 0);
  if (port > 65535) throw new UsageError(`--port must be 0..65535, not ${port}`);
  const concurrency = positiveInt(args, 'concurrency', 4);
  const queueLimit = positiveInt(args, 'queue', 1000);
  const paths = args.positionals.length > 0 ? args.positionals : ['.'];
  const alertUrl = flagString(args, 'alert-url');
  if (alertUrl !== undefined && !/^https?:\/\/[^\s]+$/i.test(alertUrl)) throw new UsageError('--alert-url must be an http:// or https:// URL');
  const files = await discoverIntegrationFiles(paths.map((p) => resolve(io.cwd, p)));
  if (files.length === 0) throw new UsageError(`no *.ion.yaml files under ${paths.join(' ')}`);
  const targets: ServeTarget[] = [];
  for (const f of files) targets.push(await loadIntegration(f, io.cwd).then((l) => ({ file: l.path, parsed: l.parsed })));
  let handle;
  try {
    handle = await startServe({
      targets,
      host: flagString(args, 'host') ?? '127.0.0.1',
      port,
      environment: flagString(args, 'env'),
      runLogPath: resolve(io.cwd, flagString(args, 'log') ?? '.ion/runs.jsonl'),
      inboxDir: resolve(io.cwd, '.ion/inbox'),
      concurrency,
      queueLimit,
      webhooks: !args.flags.has('no-webhooks'),
      schedules: !args.flags.has('no-schedules'),
      secrets: cliSecretSource(io.env),
      env: io.env,
      log: (line) => io.err(`[ion serve] ${line}\n`),
      ...(alertUrl !== undefined ? { onAlert: (alert) => sendAlert(alertUrl, alert.text, io) } : {}),
    });
  } catch (e) {
    if (e instanceof ServeSetupError) throw new UsageError(e.message);
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new UsageError(`port ${port} is in use (try --port 0 for any free port)`);
    throw e;
  }
  io.out(`ion serve listening on ${handle.url} (health: ${handle.url}/healthz, metrics: ${handle.url}/metrics)\n`);
  for (const t of targets) {
    const f = t.parsed.value;
    if (f?.trigger?.type === 'webhook' && !args.flags.has('no-webhooks')) io.out(`  webhook  ${(f.trigger.method ?? 'POST').toUpperCase()} ${f.trigger.path ?? `/hooks/${encodeURIComponent(f.name)}`}  ${f.name}${f.trigger.signature ? ` (${f.trigger.signature.scheme} signature)` : ''}\n`);
    if (f?.trigger?.type === 'schedule' && !args.flags.has('no-schedules')) io.out(`  schedule ${f.trigger.cron}${f.trigger.timezone ? ` ${f.trigger.timezone}` : ''}  ${f.name}\n`);
  }
  const signal = await stop;
  io.err(`[ion serve] ${signal}: stopping (running runs get up to 30s)\n`);
  await handle.stop();
  await closeSharedTransports();
  return EXIT_OK;
}
