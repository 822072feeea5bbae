/**
 * The request as a copy-pasteable curl command (`ion curl`, the editor's "Copy as cURL"). Secrets
 * never appear: `{{ secret.NAME }}` becomes `$ION_SECRET_NAME`, `{{ env.ION_X }}` becomes `$ION_X`,
 * basic auth becomes `-u "$ION_SECRET_USER:$ION_SECRET_PASS"`, and OAuth2 becomes a comment showing
 * how to fetch a token into `$ION_TOKEN` plus `Authorization: Bearer $ION_TOKEN`. AWS Signature V4
 * becomes curl's own `--aws-sigv4`; an mTLS client certificate becomes `--cert`/`--key` files with a
 * comment on writing the secrets' PEM text to them.
 */
import { dirname, resolve as resolvePath } from 'node:path';
import type { Auth, JsonValue } from '../model';
import type { ParsedIntegration } from '../parse';
import { systemClock } from '../ports';
import { Masker } from '../secrets/mask';
import { IonError } from '../errors';
import { secretEnvName } from '../template';
import { prepareRun } from './prepare';

export interface CurlOptions {
  file: string;
  environment?: string;
  input?: Record<string, JsonValue>;
  vars?: Record<string, string>;
  env: Readonly<Record<string, string | undefined>>;
}

const SENTINEL = /__ionph(\d+)__/g;
const DEFAULT_HEADERS = new Set(['accept-encoding', 'user-agent']);

/** Shell-quotes one argument: single quotes, or double quotes when it holds `$VAR` placeholders. */
export function shellQuote(arg: string, vars: readonly string[] = []): string {
  const parts = arg.split(SENTINEL);
  if (parts.length === 1) return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
  let out = '"';
  for (let i = 0; i < parts.length; i++) {
    if (i % 2 === 0) out += parts[i].replace(/([\\"$`])/g, '\\$1');
    else {
      const name = vars[Number(parts[i])];
      const next = parts[i + 1]?.[0] ?? '';
      out += /[A-Za-z0-9_]/.test(next) ? `\${${name}}` : `$${name}`;
    }
  }
  return `${out}"`;
}

export async function renderCurl(parsed: ParsedIntegration, options: CurlOptions): Promise<string> {
  if (parsed.hasErrors || !parsed.value) throw new IonError('invalid_file', 'the file has errors; run `ion validate` first');
  if (!parsed.value.request) throw new IonError('invalid_file', 'this integration has no `request:` (a push-only webhook integration): there is no request to show');
  const vars: string[] = [];
  const index = new Map<string, number>();
  const placeholder = (root: 'secret' | 'env', name: string): string => {
    const varName = root === 'secret' ? secretEnvName(name) : name;
    let i = index.get(varName);
    if (i === undefined) {
      i = vars.length;
      vars.push(varName);
      index.set(varName, i);
    }
    return `__ionph${i}__`;
  };
  const plan = await prepareRun(
    parsed,
    {
      file: options.file,
      environment: options.environment,
      input: options.input,
      vars: options.vars,
      env: options.env,
      secrets: { get: async () => undefined, allowOrigin: async () => true },
      outputs: false,
    },
    { clock: systemClock, masker: new Masker(), placeholder },
  );
  const q = (s: string) => shellQuote(s, vars);
  const lines: string[] = [];
  const args: string[] = ['curl'];
  const req = plan.request;
  const url = new URL(req.url.href);
  const headers: Array<[string, string]> = Object.entries(req.headers).filter(([k]) => !DEFAULT_HEADERS.has(k.toLowerCase()));
  const auth: Auth | undefined = plan.auth;
  let userArg: string | undefined;
  let awsArgs: string[] = [];
  switch (auth?.type) {
    case 'apiKey':
      if (auth.in === 'query') url.searchParams.set(auth.name, String(auth.value));
      else headers.push([auth.name, String(auth.value)]);
      break;
    case 'bearer':
      headers.push(['Authorization', `Bearer ${String(auth.token)}`]);
      break;
    case 'basic':
      userArg = `${String(auth.username)}:${String(auth.password)}`;
      break;
    case 'headers':
      for (const [k, v] of Object.entries(auth.headers ?? {})) headers.push([k, String(v)]);
      break;
    case 'oauth2': {
      const tokenVar = 'ION_TOKEN';
      // Signed-in grants (authorization_code, device_code) run with the refresh token signing in stored.
      const refreshes = auth.grant !== undefined && auth.grant !== 'client_credentials';
      const form = [`grant_type=${refreshes ? 'refresh_token' : 'client_credentials'}`];
      if (refreshes) form.push(`refresh_token=${String(auth.refreshToken ?? '')}`);
      if (auth.scopes?.length) form.push(`scope=${auth.scopes.join(' ')}`);
      const tokenArgs = ['curl', '-s', '-X', 'POST'];
      if ((auth.clientAuth ?? 'basic') === 'basic' && auth.clientSecret !== undefined) tokenArgs.push('-u', q(`${String(auth.clientId)}:${String(auth.clientSecret)}`));
      else {
        form.push(`client_id=${String(auth.clientId)}`);
        if (auth.clientSecret !== undefined) form.push(`client_secret=${String(auth.clientSecret)}`);
      }
      for (const f of form) tokenArgs.push('--data-urlencode', q(f));
      tokenArgs.push(q(String(auth.tokenUrl)));
      lines.push(`# OAuth2 (${auth.grant ?? 'client_credentials'}): fetch a token into $${tokenVar} first, for example:`);
      lines.push(`#   ${tokenVar}=$(${tokenArgs.join(' ')} | jq -r .access_token)`);
      headers.push(['Authorization', `Bearer __ionph${vars.length}__`]);
      vars.push(tokenVar);
      break;
    }
    case 'aws': {
      // curl signs Signature V4 itself (--aws-sigv4, curl 7.75 or later), per request as we do.
      lines.push('# AWS Signature V4: curl signs the request itself with --aws-sigv4 (curl 7.75 or later).');
      const session = auth.sessionToken === undefined || auth.sessionToken === '' ? undefined : String(auth.sessionToken);
      if (session !== undefined) headers.push(['X-Amz-Security-Token', session]);
      awsArgs = ['--aws-sigv4', q(`aws:amz:${String(auth.region)}:${String(auth.service)}`), '--user', q(`${String(auth.accessKeyId)}:${String(auth.secretAccessKey)}`)];
      break;
    }
    default:
      break;
  }
  if (req.method !== 'GET' || req.body !== undefined) args.push('-X', req.method);
  args.push(q(url.href));
  for (const [k, v] of headers) args.push('-H', q(`${k}: ${v}`));
  if (userArg !== undefined) args.push('-u', q(userArg));
  args.push(...awsArgs);
  if (req.body !== undefined) args.push('--data-raw', q(req.body.toString()));
  const tail = ['--compressed'];
  if (plan.followRedirects) tail.push('-L', '--max-redirs', '5');
  tail.push('--max-time', String(Math.ceil(plan.timeoutMs / 1000)));
  // Relative to the integration file's folder, as the engine reads it (prepare.ts), not the shell's cwd.
  const ca = parsed.value.request?.tls?.ca;
  if (ca) tail.push('--cacert', q(resolvePath(dirname(options.file), String(ca))));
  // mTLS: curl reads the certificate and key from files; ours are secrets holding PEM text.
  const cert = plan.clientCert;
  if (cert?.cert !== undefined || cert?.key !== undefined) {
    lines.push('# mTLS: the client certificate and key are secrets (PEM text): write them to files first, for example:');
    if (cert.cert !== undefined) lines.push(`#   printf '%s\\n' ${q(cert.cert)} > client-cert.pem`);
    if (cert.key !== undefined) lines.push(`#   (umask 077; printf '%s\\n' ${q(cert.key)} > client-key.pem)`);
    if (cert.cert !== undefined) tail.push('--cert', 'client-cert.pem');
    if (cert.key !== undefined) tail.push('--key', 'client-key.pem');
    if (cert.passphrase !== undefined) tail.push('--pass', q(cert.passphrase));
  }
  const used = vars.filter((v) => v.startsWith('ION_SECRET_'));
  if (used.length > 0) lines.push(`# Needs: ${[...new Set(used)].map((v) => `$${v}`).join(' ')}`);
  const head = args.map((a, i) => (i > 0 && a.startsWith('-') ? `\\\n  ${a}` : a)).join(' ');
  lines.push(`${head} \\\n  ${tail.join(' ')}`);
  return `${lines.join('\n')}\n`;
}
