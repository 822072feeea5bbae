/**
 * Signing in for a file whose `auth` is `grant: authorization_code` or `grant: device_code`
 * (README "Signing in"): the `auth` block resolved without its `refreshToken` (that is what the
 * sign-in produces), its secrets checked against the endpoints' origins, the flow run, the access
 * token cached for the next run, and the refresh token returned with the name of the secret that
 * keeps it. The caller stores it: SecretStorage in the editor, an env file (or stdout) in the CLI.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, resolve as resolvePath } from 'node:path';
import { defaultTokenCache, oauth2CacheKey, signInWithCode, signInWithDevice, usableUntil, type DeviceCodeInfo, type TokenAnswer } from '../auth';
import type { TokenCache } from '../auth/token-cache';
import { IonError } from '../errors';
import { normalizePem } from '../http/client-cert';
import { proxyFromEnv, sharedTransport, type HttpTransport, type TlsOptions } from '../http/transport';
import type { IntegrationFile, OAuth2Auth } from '../model';
import type { ParsedIntegration } from '../parse';
import { systemClock, type Clock, type EnvSource, type SecretSource } from '../ports';
import { ResolveError, resolveDeep, resolveText, secretNamesIn, type ResolveContext } from '../references';
import { Masker } from '../secrets/mask';
import { originOf } from '../secrets/origins';
import { refreshTokenSecretName, signInGrant } from '../auth/sign-in-grant';
import { OriginGate } from './authorize';
import { chooseEnvironment } from './environment';
import { errorAt, type SecretUse } from './prepare';

export type { DeviceCodeInfo } from '../auth';
export { refreshTokenSecretName, signInGrant };

export interface SignInOptions {
  file: string;
  environment?: string;
  vars?: Record<string, string>;
  secrets: SecretSource;
  env: EnvSource;
  transport?: HttpTransport;
  clock?: Clock;
  signal?: AbortSignal;
  tokenCache?: TokenCache;
  /** authorization_code: open (or print) the authorization URL. */
  openUrl(url: string): void | Promise<void>;
  /** device_code: show the verification URL and user code. */
  showDeviceCode(info: DeviceCodeInfo): void | Promise<void>;
  /** How long to wait for the browser (default 5 minutes). */
  waitMs?: number;
}

export interface SignInOutcome {
  grant: 'authorization_code' | 'device_code';
  /** The secret the file's `refreshToken` references (`{{ secret.NAME }}`). */
  secretName: string;
  refreshToken: string;
  environment: string | null;
  /** Seconds the access token obtained with it lives, when the endpoint said. */
  expiresIn?: number;
  /** Every credential the sign-in saw, for masking what the caller reports. */
  masker: Masker;
}

export async function signIn(parsed: ParsedIntegration, options: SignInOptions): Promise<SignInOutcome> {
  if (parsed.hasErrors || !parsed.value) throw new IonError('invalid_file', 'the file has errors: fix them before signing in');
  const file = parsed.value as IntegrationFile;
  const grant = signInGrant(file);
  if (!grant) {
    throw errorAt(parsed, { code: 'invalid_file', message: 'signing in needs auth.type oauth2 with grant: authorization_code or device_code', path: file.auth ? ['auth'] : [] });
  }
  const secretName = refreshTokenSecretName(file.auth);
  if (!secretName) {
    throw errorAt(parsed, { code: 'invalid_file', message: 'auth.refreshToken must be one reference, `{{ secret.NAME }}`: the secret that keeps the sign-in', path: ['auth', 'refreshToken'] });
  }
  const clock = options.clock ?? systemClock;
  const masker = new Masker();
  const chosen = chooseEnvironment(file, options.environment, options.vars);
  const environment = chosen.name;
  const { refreshToken: _kept, ...rest } = file.auth as OAuth2Auth;
  void _kept;

  // request.tls: a run's token call presents the request's CA and client certificate
  // (docs/reference.md#request); the sign-in's calls to the same endpoints do too.
  const tlsSpec = (file.request?.tls ?? {}) as Record<string, unknown>;
  const certFields = (['cert', 'key', 'passphrase'] as const).filter((f) => tlsSpec[f] !== undefined);
  const secrets = new Map<string, string>();
  for (const name of new Set([...secretNamesIn(rest), ...secretNamesIn(certFields.map((f) => tlsSpec[f]))])) {
    const v = await options.secrets.get(name, environment ?? undefined);
    if (v === undefined) continue;
    secrets.set(name, v);
    masker.add(v, name);
  }
  const rc: ResolveContext = {
    input: {},
    vars: chosen.vars,
    secrets,
    env: options.env,
    builtins: { uuid: randomUUID(), now: new Date(clock.now()).toISOString(), nowUnix: Math.floor(clock.now() / 1000) },
  };
  let r: { value: unknown; secrets: Set<string> };
  try {
    r = resolveDeep(rest, ['auth'], rc);
  } catch (e) {
    if (e instanceof ResolveError) throw errorAt(parsed, e);
    throw e;
  }
  const auth = r.value as OAuth2Auth;
  let tls: TlsOptions | undefined;
  const tlsSecrets: Array<{ secrets: Set<string>; field: string }> = [];
  for (const field of certFields) {
    let t: { value: string; secrets: Set<string> };
    try {
      t = resolveText(tlsSpec[field], ['request', 'tls', field], rc);
    } catch (e) {
      if (e instanceof ResolveError) throw errorAt(parsed, e);
      throw e;
    }
    const value = field === 'passphrase' ? t.value : normalizePem(t.value);
    if (value !== t.value) masker.add(value);
    (tls ??= {})[field] = value;
    tlsSecrets.push({ secrets: t.secrets, field });
  }
  if (typeof tlsSpec.ca === 'string') {
    try {
      (tls ??= {}).ca = await readFile(resolvePath(dirname(options.file), tlsSpec.ca), 'utf8');
    } catch (e) {
      throw errorAt(parsed, { code: 'invalid_file', message: `cannot read request.tls.ca (${(e as NodeJS.ErrnoException).code ?? 'error'})`, path: ['request', 'tls', 'ca'] });
    }
  }
  // The client's secrets (and a client certificate's) go to the token endpoint and the device
  // endpoint: checked like a run's.
  const uses: SecretUse[] = [];
  for (const key of ['tokenUrl', 'deviceAuthorizationUrl'] as const) {
    const origin = auth[key] === undefined ? undefined : originOf(String(auth[key]));
    if (auth[key] !== undefined && !origin) throw errorAt(parsed, { code: 'invalid_file', message: `auth.${key} is not an absolute http(s) URL`, path: ['auth', key] });
    if (!origin) continue;
    for (const s of r.secrets) uses.push({ secret: s, origin, path: ['auth'] });
    for (const t of tlsSecrets) for (const s of t.secrets) uses.push({ secret: s, origin, path: ['request', 'tls', t.field] });
  }
  await new OriginGate(options.secrets, environment, masker).checkPlan(uses, parsed);

  const transport = options.transport ?? sharedTransport(proxyFromEnv(options.env));
  const problem = tls && transport.checkTls?.(tls);
  if (problem) {
    const e = errorAt(parsed, { code: 'invalid_file', message: problem.message, path: ['request', 'tls', problem.field] });
    throw new IonError('invalid_file', e.message, { hint: problem.hint, offset: e.offset });
  }
  const ctx = { transport, tls, timeoutMs: 30_000, signal: options.signal, masker };
  let answer: TokenAnswer;
  if (grant === 'authorization_code') {
    answer = await signInWithCode(auth, { ...ctx, openUrl: options.openUrl, waitMs: options.waitMs, file: options.file });
  } else {
    answer = await signInWithDevice(auth, { ...ctx, clock, show: options.showDeviceCode, file: options.file });
  }
  if (!answer.refreshToken) {
    throw new IonError('auth_failed', 'the token endpoint gave no refresh_token, so there is nothing to keep', {
      hint: 'Ask for offline access: many providers need the scope offline_access or authorizationParams: { access_type: offline }.',
    });
  }
  // The next run (same process: the editor) reuses the access token until shortly before it expires.
  const now = clock.now();
  const key = oauth2CacheKey({ ...auth, refreshToken: answer.refreshToken });
  (options.tokenCache ?? defaultTokenCache).set(key, {
    accessToken: answer.accessToken,
    refreshToken: answer.refreshToken,
    obtainedAt: now,
    ...usableUntil(now, answer.expiresIn, auth.tokenTtl),
  });
  return { grant, secretName, refreshToken: answer.refreshToken, environment, expiresIn: answer.expiresIn, masker };
}
