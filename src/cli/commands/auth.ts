/**
 * `ion auth login FILE [--env NAME] [--env-file F | --print]` (README "Signing in"): signs in for a
 * file whose `auth` is `grant: authorization_code` (browser + loopback redirect) or `grant:
 * device_code` (verification URL + user code), then writes `ION_SECRET_<NAME>=<refresh token>`
 * where the user said: the env file (created 0600, an existing line replaced in place) or stdout.
 * Everything else (the URL, the code to enter, what happened) goes to stderr, so `--print` output
 * is only the line to keep.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { signIn, UnknownEnvironmentError } from '../../core/engine';
import { IonError } from '../../core/errors';
import { closeSharedTransports } from '../../core/http';
import { secretEnvName } from '../../core/template';
import { flagString, parseArgs, UsageError } from '../args';
import { EXIT_FAILED, EXIT_OK, ionErrorText, type CliIO } from '../io';
import { cliSecretSource } from '../secrets';
import { loadIntegration, parseVarFlags } from './run';

const USAGE = 'ion auth login FILE [--env NAME] [--env-file F | --print]';

/** Tries the platform's opener; any failure (no display, no opener) is silent: the URL is printed. */
function openBrowser(url: string, env: Record<string, string | undefined>): void {
  if (env.ION_NO_BROWSER) return;
  const [cmd, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url.replace(/&/g, '^&')]] : ['xdg-open', [url]];
  try {
    const child = spawn(cmd, args as string[], { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // The URL is on the terminal already.
  }
}

/** `NAME=value`, quoted only when the value needs it for dotenv. */
function envLine(name: string, value: string): string {
  return /^[A-Za-z0-9._~+/=:-]*$/.test(value) ? `${name}=${value}` : `${name}='${value.replace(/'/g, "\\'")}'`;
}

/** Replaces the `NAME=` (or `export NAME=`) line in place, or appends one; the rest is kept. */
export function updateEnvText(text: string, name: string, line: string): string {
  const re = new RegExp(`^\\s*(export\\s+)?${name}\\s*=`);
  const lines = text === '' ? [] : text.split(/\r?\n/);
  const trailing = lines.length > 0 && lines[lines.length - 1] === '';
  if (trailing) lines.pop();
  let found = false;
  const out = lines.flatMap((l) => {
    if (!re.test(l)) return [l];
    if (found) return [];
    found = true;
    return [/^\s*export\s/.test(l) ? `export ${line}` : line];
  });
  if (!found) out.push(line);
  return `${out.join('\n')}\n`;
}

/** Writes the env file: created 0600; an existing one keeps its mode (temporary file, then rename). */
function writeEnvFile(path: string, name: string, line: string): void {
  const exists = existsSync(path);
  const text = exists ? readFileSync(path, 'utf8') : '';
  const next = updateEnvText(text, name, line);
  const mode = exists ? statSync(path).mode & 0o777 : 0o600;
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, next, { mode });
  renameSync(tmp, path);
}

export async function authCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, { env: { value: true }, 'env-file': { value: true }, print: { value: false }, var: { value: true, repeat: true } });
  const [sub, file, ...extra] = args.positionals;
  if (sub !== 'login') throw new UsageError(`ion auth takes the subcommand login: ${USAGE}`);
  if (!file || extra.length > 0) throw new UsageError(`ion auth login takes one FILE: ${USAGE}`);
  const envFile = flagString(args, 'env-file');
  const print = args.flags.has('print');
  if (!envFile && !print) {
    throw new UsageError(
      `say where the refresh token goes: --env-file F writes ION_SECRET_<NAME>=… to F (created 0600, the line replaced in place), or --print writes it to stdout (${USAGE})`,
    );
  }
  if (envFile && print) throw new UsageError('--env-file and --print are exclusive: the refresh token goes to one place');
  const { path, parsed } = await loadIntegration(file, io.cwd);
  try {
    const outcome = await signIn(parsed, {
      file: path,
      environment: flagString(args, 'env'),
      vars: parseVarFlags(args),
      secrets: cliSecretSource(io.env),
      env: io.env,
      openUrl: (url) => {
        io.err(`Open this URL in a browser to sign in (waiting for the redirect to 127.0.0.1):\n${url}\n`);
        openBrowser(url, io.env);
      },
      showDeviceCode: (info) => {
        io.err(`Open ${info.verificationUri} and enter the code ${info.userCode}\n`);
        if (info.verificationUriComplete) io.err(`(or open ${info.verificationUriComplete})\n`);
        io.err(`Waiting for the sign-in (the code expires in ${Math.round(info.expiresIn / 60)} min)…\n`);
      },
    });
    const name = secretEnvName(outcome.secretName);
    const line = envLine(name, outcome.refreshToken);
    if (print) {
      io.out(`${line}\n`);
      io.err(`Signed in: keep the line above as ${name} (it is a secret).\n`);
    } else {
      const target = resolve(io.cwd, envFile!);
      writeEnvFile(target, name, line);
      io.err(`Signed in: ${name} written to ${envFile}. Run with: ion run ${basename(path)} --env-file ${envFile}\n`);
    }
    return EXIT_OK;
  } catch (e) {
    if (e instanceof UnknownEnvironmentError) throw new UsageError(e.message);
    if (e instanceof IonError) {
      io.err(ionErrorText(file, e, (o) => parsed.position(o)));
      return EXIT_FAILED;
    }
    throw e;
  } finally {
    await closeSharedTransports();
  }
}
