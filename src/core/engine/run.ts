/**
 * `runIntegration`: the one engine behind the Run button, Test Explorer and the CLI.
 * resolve → authorize secrets/origins → (auth) → send with retry/redirects → validate status/body →
 * transform → output.schema → outputs → result → run log. Never throws for run failures: they become
 * `errors[]` with `ok: false`. Throws only UnknownEnvironmentError (bad usage).
 */
import { createAuth, defaultTokenCache, type AuthContext, type TokenEvent } from '../auth';
import { refreshTokenSecretName } from './sign-in';
import { TokenCache } from '../auth/token-cache';
import { IonError, codeForStatus } from '../errors';
import type { HttpResponse } from '../http/send';
import { proxyFromEnv, sharedTransport } from '../http/transport';
import type { JsonValue } from '../model';
import type { ParsedIntegration } from '../parse';
import { systemClock } from '../ports';
import type { OutputContext } from '../output/types';
import type { RunResult, ValidationIssue } from '../result';
import { Masker } from '../secrets/mask';
import { checkStatus, validateBody } from '../response-checks';
import { NO_RESPONSE } from './batch';
import { sendAll, type MultiInput } from './multi';
import { cachedLoop, noteDeprecation, openRunCache } from './cache-hook';
import { graphqlErrors, graphqlFailure } from './graphql';
import { OriginGate } from './authorize';
import { errorAt, prepareRun, type Plan } from './prepare';
import { boundedOutput, displayableText, responseRecord, sentRequest, toRunError } from './report';
import { defaultOutput, identityTransform, noOutputs, runLogEntry, type TransformInput } from './seams';
import { UnknownEnvironmentError, type RunEvent, type RunOptions } from './types';
import { parseJson } from '../json';

export type { RunOptions, RunEvent } from './types';
export { UnknownEnvironmentError } from './types';

function firstErrorOffset(parsed: ParsedIntegration): number | undefined {
  return parsed.diagnostics.find((d) => d.severity === 'error')?.start;
}

export async function runIntegration(parsed: ParsedIntegration, options: RunOptions): Promise<RunResult> {
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const masker = new Masker();
  const startedAt = clock.now();
  const logs: string[] = [];
  const name = typeof parsed.value?.name === 'string' ? parsed.value.name : '';
  const result: RunResult = {
    ok: false,
    name,
    file: options.file,
    environment: null,
    durationMs: 0,
    request: null,
    attempts: [],
    response: null,
    output: null,
    logs,
    validation: [],
    errors: [],
  };
  const emit = (e: RunEvent) => {
    if (options.onEvent) options.onEvent(masker.maskDeep(e));
  };
  let lastResponse: HttpResponse | undefined;
  let authTimeline: (() => TokenEvent[]) | undefined;

  const finish = async (): Promise<RunResult> => {
    result.durationMs = Math.max(0, clock.now() - startedAt);
    const timeline = authTimeline?.();
    if (timeline && timeline.length > 0) result.auth = { timeline };
    result.ok = result.errors.length === 0;
    const masked = masker.maskDeep(result);
    if (options.hooks?.recordRun && !options.dryRun) {
      try {
        await options.hooks.recordRun(runLogEntry(masked, options.trigger ?? 'manual', startedAt), masked);
      } catch {
        masked.logs.push('[ion] the run could not be recorded in the run log');
      }
    }
    return masked;
  };
  const fail = (e: unknown, response?: HttpResponse) => {
    result.errors.push(toRunError(e, parsed, masker, response));
  };

  /** No `request:`: the webhook event is what the transform sees (docs/reference.md#ion-serve). */
  const finishPushOnly = async (): Promise<RunResult> => {
    result.request = null;
    // Outside `ion serve` (`ion run`, the editor, fixture tests) the run's input stands for the
    // event: sent as a JSON POST to the webhook's path.
    const trigger = plan.file.trigger?.type === 'webhook' ? plan.file.trigger : undefined;
    const webhook = options.webhook ?? {
      body: JSON.stringify(plan.input),
      event: { method: (trigger?.method ?? 'POST').toUpperCase(), path: trigger?.path ?? `/hooks/${encodeURIComponent(plan.file.name)}`, query: {}, headers: { 'content-type': 'application/json' } },
    };
    if (options.dryRun) return finish();
    const body = Buffer.from(webhook.body, 'utf8');
    const event: HttpResponse = { status: 200, headers: webhook.event.headers, body, sizeBytes: body.length };
    const outputContext: OutputContext = {
      file: options.file,
      signal: options.signal,
      transport: options.transport ?? sharedTransport(proxyFromEnv(options.env)),
      clock,
      random,
      timeoutMs: plan.timeoutMs,
      authorizeHop: (req) => gate.checkHop(req),
    };
    try {
      await afterResponse(event, webhook.body, plan, parsed, { ...options, webhook }, result, masker, outputContext);
    } catch (e) {
      fail(e);
    }
    return finish();
  };

  if (parsed.hasErrors || !parsed.value) {
    const offset = firstErrorOffset(parsed);
    const first = parsed.diagnostics.find((d) => d.severity === 'error');
    fail(new IonError('invalid_file', first ? `${first.message} (${first.code})` : 'the file could not be read', { offset }));
    return finish();
  }

  let plan: Plan;
  // One gate per run: its answers are remembered, so each (secret, origin) is asked once
  // ("Allow once" prompts once) for the plan, every redirect hop and the outputs.
  let gate: OriginGate;
  try {
    plan = await prepareRun(parsed, options, { clock, masker });
    result.environment = plan.environment;
    result.request = sentRequest(plan.request, masker);
    gate = new OriginGate(options.secrets, plan.environment, masker, plan.connectionSecrets);
    await gate.checkPlan(plan.uses, parsed);
  } catch (e) {
    if (e instanceof UnknownEnvironmentError) throw e;
    fail(e);
    return finish();
  }
  if (!plan.file.request) return finishPushOnly();
  if (options.dryRun) {
    if (plan.auth?.type === 'oauth2') logs.push('[ion] dry run: the OAuth2 token is obtained at run time; Authorization is not shown');
    const preview = { ...plan.request, url: new URL(plan.request.url.href), headers: { ...plan.request.headers } };
    if (plan.auth && plan.auth.type !== 'oauth2') await createAuth(plan.auth, dummyAuthContext(masker, clock)).apply(preview);
    result.request = sentRequest(preview, masker);
    emit({ type: 'dry-run', ...result.request, body: preview.body === undefined ? undefined : preview.body.toString() });
    return finish();
  }

  const transport = options.transport ?? sharedTransport(proxyFromEnv(options.env));
  const tls = plan.tlsCa || plan.clientCert ? { ca: plan.tlsCa, ...plan.clientCert } : undefined;
  const allowed = Array.isArray(plan.file.validate?.status) ? plan.file.validate!.status : undefined;
  try {
    // A client certificate that cannot be used fails here, before anything is sent (the fixture
    // transport has no check: fixture servers speak plain HTTP, docs/reference.md#request).
    const certProblem = tls && transport.checkTls?.(tls);
    if (certProblem) {
      const written = plan.file.request?.tls?.[certProblem.field] !== undefined;
      const e = errorAt(parsed, { code: 'invalid_file', message: certProblem.message, path: written ? ['request', 'tls', certProblem.field] : ['request', 'tls'] });
      throw new IonError('invalid_file', e.message, { hint: certProblem.hint, offset: e.offset });
    }
    const auth = createAuth(plan.auth, {
      transport,
      tls,
      timeoutMs: plan.timeoutMs,
      signal: options.signal,
      clock,
      masker,
      tokenCache: options.tokenCache ?? defaultTokenCache,
      file: options.file,
      onRefreshTokenRotated: rotationPort(plan, options),
    });
    authTimeline = auth.timeline;
    // cache: a fresh entry is the response (nothing sent); a stale one is revalidated (cache-hook.ts).
    const cache = await openRunCache(plan, options, masker, (line) => logs.push(line));
    const hit = cache?.fresh(clock.now());
    // One request, or every page (paginate) or chunk (batch), through the rate limit (multi.ts).
    const loop = hit ? cachedLoop(plan, hit) : await sendAll({
      request: cache ? { ...plan.request, headers: { ...plan.request.headers, ...cache.validators() } } : plan.request,
      auth,
      policy: plan.policy,
      hasIdempotencyKey: plan.idempotencyKey !== undefined,
      isSuccess: (s) => (s === 304 && cache?.revalidating === true) || checkStatus(s, allowed).ok,
      exchange: {
        transport,
        tls,
        timeoutMs: plan.timeoutMs,
        maxResponseBytes: plan.maxResponseBytes,
        signal: options.signal,
        followRedirects: plan.followRedirects,
        masker,
        authorizeHop: (req) => gate.checkHop(req, true),
      },
      clock,
      random,
      signal: options.signal,
      emit: options.onEvent ? emit : undefined,
      log: (line) => logs.push(line),
    }, { plan, parsed, options, masker, gate, prepare: { clock, masker } });
    if (cache && loop.response && !loop.error) {
      const settled = hit ? { response: hit, state: 'hit' as const } : await cache.settle(loop.response, clock.now());
      loop.response = settled.response;
      result.cache = settled.state;
    }
    if (loop.response) noteDeprecation(result, loop.response, clock.now(), masker);
    result.attempts = loop.attempts;
    if (loop.warnings.length > 0) result.warnings = [...(result.warnings ?? []), ...loop.warnings];
    if (loop.validation) result.validation = loop.validation;
    result.request = sentRequest(loop.sent, masker);
    lastResponse = loop.response;
    const text = loop.response ? displayableText(loop.response) : undefined;
    if (loop.response) result.response = responseRecord(loop.response, masker, text);
    if (loop.error) {
      fail(loop.error, loop.response);
      return finish();
    }
    const response = loop.response ?? NO_RESPONSE;
    const outputContext: OutputContext = {
      file: options.file,
      signal: options.signal,
      transport,
      clock,
      random,
      timeoutMs: plan.timeoutMs,
      authorizeHop: (req) => gate.checkHop(req),
    };
    await afterResponse(response, text, plan, parsed, options, result, masker, outputContext, loop.multi);
    // Only a run that succeeded leaves its response in the cache (cache-hook.ts).
    if (cache && result.errors.length === 0) await cache.commit();
  } catch (e) {
    fail(e, lastResponse);
  }
  return finish();
}

/** validate status/body → transform → output.schema → outputs. Failures go to result.errors. */
async function afterResponse(
  response: HttpResponse,
  text: string | undefined,
  plan: Plan,
  parsed: ParsedIntegration,
  options: RunOptions,
  result: RunResult,
  masker: Masker,
  outputContext: OutputContext,
  /** paginate/batch: every response was already checked; the transform also sees them all. */
  multi?: MultiInput,
): Promise<void> {
  const allowed = Array.isArray(plan.file.validate?.status) ? plan.file.validate!.status : undefined;
  const verdict = multi ? { ok: true as const } : checkStatus(response.status, allowed);
  const fail = (e: unknown) => result.errors.push(toRunError(e, parsed, masker, response));
  if (!verdict.ok) {
    const code = verdict.code === 'validation_failed' ? 'validation_failed' : codeForStatus(response.status);
    fail(new IonError(code, `${plan.request.method} ${masker.mask(plan.request.url.href)}: ${verdict.message}`));
    return;
  }
  const body = text ?? response.body.toString('utf8');
  const json = parseJson(body);
  // request.graphql: a 200 whose body lists `errors` is a failure unless allowed (graphql.ts).
  if (plan.file.request?.graphql !== undefined && plan.file.validate?.allowGraphqlErrors !== true) {
    const issues = graphqlErrors(json);
    if (issues.length > 0) {
      result.validation = issues;
      fail(graphqlFailure(issues));
      return;
    }
  }
  const schema = multi ? undefined : plan.file.validate?.response;
  if (schema !== undefined) {
    const v = validateBody(json, schema);
    if (!v.ok) {
      result.validation = v.issues;
      const offset = parsed.rangeOf(['validate', 'response'])?.start;
      const first = v.issues[0];
      const message = v.schemaError
        ? `validate.response cannot be used: ${v.schemaError}`
        : `the response body does not match validate.response: ${first.message}${first.path ? ` at ${first.path}` : ''}${v.issues.length > 1 ? ` (and ${v.issues.length - 1} more)` : ''}`;
      fail(new IonError(v.schemaError ? 'invalid_file' : 'validation_failed', message, { offset }));
      return;
    }
  }

  // The transform never sees a secret, however it came back (an API echoing a token in its body or
  // headers): its input is masked like everything else that leaves the engine (README "Security").
  const maskedJson = masker.maskDeepUnchanging(json) as JsonValue | undefined;
  const input: TransformInput = {
    body: masker.mask(body),
    json: maskedJson,
    // Masking changed nothing (it returns the value itself then): the sandbox may parse the body
    // text instead of a copy of `json` (README "Performance", large responses).
    ...(maskedJson === json && json !== null && typeof json === 'object' ? { jsonText: body.trim() } : {}),
    status: response.status,
    headers: masker.maskDeep(response.headers),
    params: plan.input,
    vars: plan.vars,
    ...(options.webhook ? { event: options.webhook.event } : {}),
    ...multi?.input,
  };
  let output: JsonValue;
  if (plan.file.transform !== undefined) {
    const transform = options.hooks?.transform ?? identityTransform;
    try {
      const t = await transform({ parsed, spec: plan.file.transform, input, file: options.file, offset: parsed.rangeOf(['transform'])?.start, signal: options.signal });
      output = t.output === undefined ? null : t.output;
      result.logs.push(...t.logs);
    } catch (e) {
      // What the script logged before it failed is part of the story.
      const logged = (e as { logs?: unknown }).logs;
      if (Array.isArray(logged)) result.logs.push(...logged.map(String));
      fail(e);
      return;
    }
  } else {
    output = multi ? multi.output : defaultOutput(input);
  }
  result.output = boundedOutput(output, result.logs);

  const outSchema = plan.file.output?.schema;
  if (outSchema !== undefined) {
    const v = validateBody(output, outSchema, 'the output');
    if (!v.ok) {
      const issues: ValidationIssue[] = v.issues;
      result.validation = issues;
      fail(new IonError(v.schemaError ? 'invalid_file' : 'output_invalid', `the output does not match output.schema: ${issues[0].message}${issues[0].path ? ` at ${issues[0].path}` : ''}`, { offset: parsed.rangeOf(['output', 'schema'])?.start }));
      return;
    }
  }

  if (options.outputs !== false && plan.outputTargets.length > 0) {
    const deliver = options.hooks?.deliverOutputs ?? noOutputs;
    try {
      // Outputs leave the run (a file, another service): a secret the API echoed back is masked
      // there too, as everywhere else the engine reports (docs/reference.md#secrets-are-never-written).
      await deliver(masker.maskDeep(output), plan.outputTargets, outputContext);
    } catch (e) {
      fail(e instanceof IonError ? e : new IonError('output_failed', e instanceof Error ? e.message : String(e)));
    }
  }
}

/** Where a rotated refresh token goes: the secret the file's `refreshToken` references. */
function rotationPort(plan: Plan, options: RunOptions): ((value: string) => Promise<void>) | undefined {
  const port = options.onRefreshTokenRotated;
  const secret = refreshTokenSecretName(plan.file.auth);
  if (!port || !secret) return undefined;
  return async (value) => port({ secret, environment: plan.environment, value });
}

/** For a dry run: auth kinds that need no network (apiKey, bearer, basic, headers) still apply. */
function dummyAuthContext(masker: Masker, clock: AuthContext['clock']): AuthContext {
  return {
    transport: { dispatcherFor: () => { throw new IonError('network', 'a dry run sends nothing'); }, close: async () => undefined },
    timeoutMs: 1,
    clock,
    masker,
    tokenCache: new TokenCache(),
  };
}
