/**
 * The resolve phase: environment, input, every secret fetched (missing → `secret_missing` before
 * anything is sent), references resolved with their types, the request built, the auth block
 * resolved, and the list of (secret, origin) uses the authorize phase checks.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, resolve as resolvePath } from 'node:path';
import { IonError } from '../errors';
import type { Auth, IntegrationFile, JsonValue, OutputTarget, PropertyPath, RequestSpec } from '../model';
import type { ParsedIntegration } from '../parse';
import type { Clock } from '../ports';
import { ResolveError, resolveDeep, resolveString, resolveText, secretNamesIn, type Builtins, type ResolveContext } from '../references';
import { retryPolicy, type RetryPolicy } from '../retry';
import type { Masker } from '../secrets/mask';
import { originOf } from '../secrets/origins';
import { normalizePem } from '../http/client-cert';
import type { OutgoingRequest } from '../http/send';
import { parseDuration, parseSize } from '../units';
import { planBatch, type BatchChunk, type BatchPlan } from './batch-plan';
import { chooseEnvironment } from './environment';
import { graphqlBody, graphqlQuery } from './graphql';
import type { RunOptions } from './types';

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024; // 10MB (sizes are binary: src/core/units.ts)

export interface SecretUse {
  secret: string;
  origin: string;
  /** Where in the file, for the error's range. */
  path: PropertyPath;
}

export interface Plan {
  file: IntegrationFile;
  environment: string | null;
  vars: Record<string, JsonValue>;
  input: Record<string, JsonValue>;
  /** The request before auth is applied (values unmasked: never report it without the masker). */
  request: OutgoingRequest;
  auth: Auth | undefined;
  outputTargets: OutputTarget[];
  idempotencyKey?: string;
  timeoutMs: number;
  maxResponseBytes: number;
  followRedirects: boolean;
  tlsCa?: string;
  /** mTLS (request.tls.cert/key/passphrase), resolved: PEM texts, unmasked. */
  clientCert?: { cert?: string; key?: string; passphrase?: string };
  /**
   * The secrets a connection presents (the client certificate's): every redirect hop's origin is
   * checked for them too, since the certificate goes wherever the connection goes.
   */
  connectionSecrets: string[];
  policy: RetryPolicy;
  uses: SecretUse[];
  /** With `batch:`: the chunks (this plan's request is chunk 0's, or `PrepareContext.batch`'s). */
  batch?: BatchPlan;
}

/** An IonError at the place in the file `path` points to (plus `index` characters into a string). */
export function errorAt(parsed: ParsedIntegration, e: ResolveError | { code: IonError['code']; message: string; path: PropertyPath; index?: number }): IonError {
  const range = parsed.rangeOf(e.path);
  let offset = range?.start;
  if (offset !== undefined) {
    const q = parsed.text[offset];
    offset += (q === '"' || q === "'" ? 1 : 0) + ('index' in e && e.index ? e.index : 0);
  }
  return new IonError(e.code, e.message, { offset });
}

function userAgent(): string {
  return 'gateway-ion';
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  const l = name.toLowerCase();
  return Object.keys(headers).some((k) => k.toLowerCase() === l);
}

/**
 * A PEM text is masked whole (as a secret already is), as its base64 body without line breaks (the
 * form a library or a server may quote it in), and as the text with its line breaks restored.
 */
function registerPem(masker: Masker, value: string, normalized: string, name: string | undefined): void {
  const body = value.replace(/-----[A-Z0-9 ]+-----/g, '').replace(/\s+/g, '');
  if (body.length >= 16 && body !== value) masker.add(body, name);
  if (normalized !== value) masker.add(normalized, name);
}

/** The built-ins of one run, computed on first use (most files use none), then fixed for the run. */
class LazyBuiltins implements Builtins {
  private id?: string;
  private iso?: string;
  readonly nowUnix: number;

  constructor(private readonly at: number) {
    this.nowUnix = Math.floor(at / 1000);
  }

  get uuid(): string {
    return (this.id ??= randomUUID());
  }

  get now(): string {
    return (this.iso ??= new Date(this.at).toISOString());
  }
}

/** The secret names `request` and `auth` reference, per file (the parsed value is never mutated). */
const requestSecretNames = new WeakMap<IntegrationFile, string[]>();

function requestSecrets(file: IntegrationFile): string[] {
  let names = requestSecretNames.get(file);
  if (!names) {
    names = [...new Set([...secretNamesIn(file.request), ...secretNamesIn(file.auth)])];
    requestSecretNames.set(file, names);
  }
  return names;
}

const PUSH_ONLY_REQUEST: RequestSpec = { method: 'POST', url: 'http://push-only.invalid/' };

export interface PrepareContext {
  clock: Clock;
  masker: Masker;
  /** Resolve `secret.*`/`env.*` to placeholders (for `ion curl`) instead of values. */
  placeholder?: ResolveContext['placeholder'];
  /** With `batch:`: the chunk to resolve the request for (default: the first). */
  batch?: BatchChunk;
}

export async function prepareRun(parsed: ParsedIntegration, options: RunOptions, ctx: PrepareContext): Promise<Plan> {
  const file = parsed.value as IntegrationFile;
  const chosen = chooseEnvironment(file, options.environment, options.vars);
  const now = ctx.clock.now();
  const base: ResolveContext = {
    input: {},
    vars: chosen.vars,
    secrets: new Map(),
    env: options.env,
    builtins: new LazyBuiltins(now),
    placeholder: ctx.placeholder,
  };
  const wrap = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (e) {
      if (e instanceof ResolveError) throw errorAt(parsed, e);
      throw e;
    }
  };

  // Every secret the run may use, fetched before anything is resolved or sent.
  const withOutputs = options.outputs !== false;
  const outputTo = withOutputs && Array.isArray(file.output?.to) ? file.output!.to! : [];
  const names = outputTo.length > 0 ? new Set([...requestSecrets(file), ...secretNamesIn(outputTo)]) : requestSecrets(file);
  const secrets = new Map<string, string>();
  if (!ctx.placeholder) {
    for (const name of names) {
      const v = await options.secrets.get(name, chosen.name ?? undefined);
      if (v === undefined) continue;
      secrets.set(name, v);
      ctx.masker.add(v, name);
    }
  }
  base.secrets = secrets;

  // The run's input: the given one, else trigger.input (which may use vars, env and built-ins).
  let input: Record<string, JsonValue>;
  if (options.input !== undefined) input = options.input;
  else if (file.trigger?.input && typeof file.trigger.input === 'object') {
    input = wrap(() => resolveDeep(file.trigger!.input, ['trigger', 'input'], base).value) as Record<string, JsonValue>;
  } else input = {};
  const rc: ResolveContext = { ...base, input };
  let batch: BatchPlan | undefined;
  if (file.batch && typeof file.batch === 'object') {
    batch = wrap(() => {
      try {
        return planBatch(file.batch!, rc);
      } catch (e) {
        if (e instanceof IonError) throw errorAt(parsed, { code: e.code, message: e.message, path: ['batch', 'over'] });
        throw e;
      }
    });
    rc.batch = ctx.batch ?? { items: batch.chunks[0] ?? [], index: 0 };
  }

  // A push-only integration (a webhook trigger, no `request:`) sends nothing: this stand-in only
  // keeps the plan's shape; run.ts transforms the event instead (docs/reference.md#ion-serve).
  const req = file.request ?? PUSH_ONLY_REQUEST;
  const uses: SecretUse[] = [];
  const urlR = wrap(() => resolveString(String(req.url ?? ''), ['request', 'url'], rc, 'url'));
  let url: URL;
  try {
    url = new URL(String(urlR.value));
  } catch {
    throw errorAt(parsed, { code: 'invalid_file', message: `request.url is not an absolute URL after resolving references`, path: ['request', 'url'] });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw errorAt(parsed, { code: 'invalid_file', message: `request.url must be http or https, not ${url.protocol}`, path: ['request', 'url'] });
  }
  url.hash = '';
  const origin = originOf(url)!;
  const use = (set: Set<string>, path: PropertyPath, o = origin) => {
    for (const s of set) uses.push({ secret: s, origin: o, path });
  };
  use(urlR.secrets, ['request', 'url']);

  for (const [k, v] of Object.entries(req.query ?? {})) {
    const r = wrap(() => resolveText(v, ['request', 'query', k], rc));
    url.searchParams.append(k, r.value);
    use(r.secrets, ['request', 'query', k]);
  }

  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers ?? {})) {
    const r = wrap(() => resolveText(v, ['request', 'headers', k], rc));
    headers[k] = r.value;
    use(r.secrets, ['request', 'headers', k]);
  }

  let body: string | undefined;
  if (req.graphql !== undefined) {
    // request.graphql (graphql.ts): sent as a JSON body; the query itself is never resolved.
    const gql = req.graphql;
    const vars = gql.variables === undefined ? undefined : wrap(() => resolveDeep(gql.variables, ['request', 'graphql', 'variables'], rc));
    const query = await graphqlQuery(gql, options.file).catch((e: IonError) => {
      const placed = errorAt(parsed, { code: e.code, message: e.message, path: ['request', 'graphql', 'query', 'file'] });
      throw new IonError(placed.code, placed.message, { offset: placed.offset, hint: e.hint });
    });
    body = graphqlBody(query, vars?.value as JsonValue | undefined, gql.operationName);
    if (!hasHeader(headers, 'content-type')) headers['Content-Type'] = 'application/json';
    if (vars) use(vars.secrets, ['request', 'graphql', 'variables']);
  } else if (req.body !== undefined) {
    const r = wrap(() => resolveDeep(req.body, ['request', 'body'], rc));
    body = JSON.stringify(r.value);
    if (!hasHeader(headers, 'content-type')) headers['Content-Type'] = 'application/json';
    use(r.secrets, ['request', 'body']);
  } else if (req.form !== undefined) {
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries(req.form ?? {})) {
      const r = wrap(() => resolveText(v, ['request', 'form', k], rc));
      form.append(k, r.value);
      use(r.secrets, ['request', 'form', k]);
    }
    body = form.toString();
    if (!hasHeader(headers, 'content-type')) headers['Content-Type'] = 'application/x-www-form-urlencoded';
  } else if (req.text !== undefined) {
    const r = wrap(() => resolveText(req.text, ['request', 'text'], rc));
    body = r.value;
    if (!hasHeader(headers, 'content-type')) headers['Content-Type'] = 'text/plain; charset=utf-8';
    use(r.secrets, ['request', 'text']);
  }

  let idempotencyKey: string | undefined;
  if (req.idempotencyKey !== undefined) {
    const r = wrap(() => resolveText(req.idempotencyKey, ['request', 'idempotencyKey'], rc));
    idempotencyKey = r.value;
    if (!hasHeader(headers, 'idempotency-key')) headers['Idempotency-Key'] = r.value;
    use(r.secrets, ['request', 'idempotencyKey']);
  }
  if (!hasHeader(headers, 'accept-encoding')) headers['Accept-Encoding'] = 'gzip, deflate, br';
  if (!hasHeader(headers, 'user-agent')) headers['User-Agent'] = userAgent();

  let auth: Auth | undefined;
  let tokenOrigin: string | undefined;
  if (file.auth) {
    const r = wrap(() => resolveDeep(file.auth, ['auth'], rc));
    auth = r.value as Auth;
    if (auth.type === 'oauth2') {
      tokenOrigin = originOf(String(auth.tokenUrl ?? '')) ?? undefined;
      if (!tokenOrigin && !ctx.placeholder) {
        throw errorAt(parsed, { code: 'invalid_file', message: 'auth.tokenUrl is not an absolute http(s) URL', path: ['auth', 'tokenUrl'] });
      }
      use(r.secrets, ['auth'], tokenOrigin ?? origin);
    } else {
      use(r.secrets, ['auth']);
    }
  }

  // mTLS: the client certificate is a secret presented to the request's origin and, for OAuth2,
  // to the token endpoint's (the same TLS settings serve both: docs/reference.md#request).
  let clientCert: Plan['clientCert'];
  const connectionSecrets = new Set<string>();
  for (const field of ['cert', 'key', 'passphrase'] as const) {
    const raw = req.tls?.[field];
    if (raw === undefined) continue;
    const path: PropertyPath = ['request', 'tls', field];
    const r = wrap(() => resolveText(raw, path, rc));
    const value = field === 'passphrase' || ctx.placeholder ? r.value : normalizePem(r.value);
    (clientCert ??= {})[field] = value;
    use(r.secrets, path);
    if (tokenOrigin && tokenOrigin !== origin) use(r.secrets, path, tokenOrigin);
    for (const s of r.secrets) connectionSecrets.add(s);
    if (!ctx.placeholder) registerPem(ctx.masker, r.value, value, [...r.secrets][0]);
  }

  // Each http target's secrets are checked against the target's origin with the rest of the plan,
  // so a refused one stops the run before the API is called (delivery checks each hop again).
  const outputTargets: OutputTarget[] = [];
  outputTo.forEach((raw, i) => {
    const path: PropertyPath = ['output', 'to', i];
    const r = wrap(() => resolveDeep(raw, path, rc));
    const target = r.value as OutputTarget;
    outputTargets.push(target);
    if (target?.type !== 'http' || r.secrets.size === 0) return;
    const targetOrigin = originOf(String(target.url ?? ''));
    // An unusable url fails the delivery (output_failed) before anything is sent to it.
    if (targetOrigin) use(r.secrets, path, targetOrigin);
  });

  const timeoutMs = req.timeout === undefined ? DEFAULT_TIMEOUT_MS : parseDuration(req.timeout);
  if (timeoutMs === undefined || timeoutMs <= 0) {
    throw errorAt(parsed, { code: 'invalid_file', message: 'request.timeout is not a duration such as 10s', path: ['request', 'timeout'] });
  }
  const maxResponseBytes = req.maxResponseBytes === undefined ? DEFAULT_MAX_RESPONSE_BYTES : parseSize(req.maxResponseBytes);
  if (maxResponseBytes === undefined) {
    throw errorAt(parsed, { code: 'invalid_file', message: 'request.maxResponseBytes is not a size such as 10MB', path: ['request', 'maxResponseBytes'] });
  }

  let tlsCa: string | undefined;
  if (req.tls?.ca && !ctx.placeholder) {
    const caPath = resolvePath(dirname(options.file), String(req.tls.ca));
    try {
      tlsCa = await readFile(caPath, 'utf8');
    } catch (e) {
      throw errorAt(parsed, { code: 'invalid_file', message: `cannot read request.tls.ca (${(e as NodeJS.ErrnoException).code ?? 'error'})`, path: ['request', 'tls', 'ca'] });
    }
  }

  const method = String(req.method ?? (req.graphql !== undefined ? 'POST' : 'GET')).toUpperCase();
  return {
    file,
    environment: chosen.name,
    vars: chosen.vars,
    input,
    request: { method, url, headers, body },
    auth,
    outputTargets,
    idempotencyKey,
    timeoutMs,
    maxResponseBytes,
    followRedirects: req.followRedirects !== false,
    tlsCa,
    clientCert,
    connectionSecrets: [...connectionSecrets],
    policy: retryPolicy(file.retry),
    uses,
    batch,
  };
}
