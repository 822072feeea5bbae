/**
 * One test of a file, offline (docs/reference.md#tests): the fixture server and transport re-armed
 * for the test (fixture-rig.ts), a fresh virtual clock and token cache per test; dummy secrets and `ION_*` values; `to:` captured.
 * Or live (`live: true` with `--live`): the real API and secrets, outputs still only captured.
 */
import { resolve } from 'node:path';
import { TokenCache } from '../auth/token-cache';
import { runIntegration, UnknownEnvironmentError, type RunOptions } from '../engine/run';
import type { RunHooks } from '../engine/seams';
import { createDefaultTransport, proxyFromEnv } from '../http/transport';
import type { FixtureResponse, TestCase } from '../model';
import { captureOutputs } from '../output/deliver';
import { RateLimitRegistry } from '../ratelimit';
import type { ParsedIntegration } from '../parse';
import type { EnvSource, SecretSource } from '../ports';
import type { RunResult } from '../result';
import { transformHook } from '../transform/hook';
import { dummySecret, fixtureEnv, fixtureSecrets, seededRandom } from './dummies';
import { checkExpectations } from './expect';
import { fixturePlan } from './fixture-plan';
import { startFixtureRig, type FixtureRig } from './fixture-rig';
import type { FixtureRequestRecord } from './fixture-server';
import { offlineMessage } from './fixture-transport';
import type { CapturedOutput, ExpectationFailure, TestCaseResult } from './types';
import { VirtualTime } from './virtual-time';

export interface LiveOptions {
  secrets: SecretSource;
  env: EnvSource;
}

function fixturesOf(test: TestCase): { list: FixtureResponse[]; single: boolean } {
  if (Array.isArray(test.responses)) return { list: test.responses, single: false };
  if (test.response && typeof test.response === 'object') return { list: [test.response], single: true };
  return { list: [], single: false };
}

function hooksFor(outputs: CapturedOutput[]): RunHooks {
  // No recordRun: fixture tests and live tests are never written to the run log.
  return { transform: transformHook, deliverOutputs: captureOutputs(outputs) };
}

/** Captured `http` targets resolved from secrets show the secret masked, like everything else. */
function maskTargets(outputs: CapturedOutput[], secretValues: string[]): CapturedOutput[] {
  const longestFirst = [...secretValues].sort((a, b) => b.length - a.length);
  return outputs.map((o) => {
    let target = o.target;
    for (const v of longestFirst) target = target.split(v).join('***');
    return { ...o, target };
  });
}

function caseResult(file: string, integration: string, test: TestCase, index: number): TestCaseResult {
  return { file, integration, name: String(test.name ?? `test #${index + 1}`), index, state: 'passed', durationMs: 0, virtualWaitMs: 0, failures: [] };
}

function finish(r: TestCaseResult, failures: ExpectationFailure[], started: number): TestCaseResult {
  r.failures = failures;
  r.state = failures.length === 0 ? 'passed' : 'failed';
  r.durationMs = Math.max(0, Date.now() - started);
  return r;
}

async function runGuarded(parsed: ParsedIntegration, options: RunOptions): Promise<RunResult | ExpectationFailure> {
  try {
    return await runIntegration(parsed, options);
  } catch (e) {
    if (e instanceof UnknownEnvironmentError) return { key: 'env', message: `env: ${e.message}` };
    throw e;
  }
}

/**
 * One fixture test. `rig` is the file's shared fixture server and transport (re-armed here for
 * this test); without it the test starts and closes its own.
 */
export async function runFixtureCase(parsed: ParsedIntegration, file: string, test: TestCase, index: number, rig?: FixtureRig): Promise<TestCaseResult> {
  const started = Date.now();
  const integration = parsed.value?.name ?? '';
  const r = caseResult(file, integration, test, index);
  const { list, single } = fixturesOf(test);
  const time = new VirtualTime();
  const outputs: CapturedOutput[] = [];
  const options: RunOptions = {
    file: resolve(file),
    environment: test.env,
    input: test.input,
    secrets: fixtureSecrets,
    env: fixtureEnv(),
    clock: time.clock,
    random: seededRandom(index + 1),
    tokenCache: new TokenCache(),
    // Each test its own rate limits, on its own virtual clock.
    rateLimits: new RateLimitRegistry(),
    outputs: true,
    trigger: 'manual',
    hooks: hooksFor(outputs),
  };
  const plan = await fixturePlan(parsed, options, [...list, ...(test.tokenResponse ? [test.tokenResponse] : [])], time.clock);
  const hostToOrigin = new Map<string, string>();
  for (const o of plan.origins) {
    const host = new URL(o).host;
    if (!hostToOrigin.has(host)) hostToOrigin.set(host, o);
  }
  const own = rig ? undefined : await startFixtureRig();
  const { server, transport } = rig ?? own!;
  server.rearm({
    responses: list,
    single,
    tokenResponse: test.tokenResponse,
    tokenEndpoint: plan.tokenEndpoint,
    delay: (ms) => time.delay(ms),
    originOf: (host) => hostToOrigin.get(host) ?? `http://${host}`,
  });
  transport.rearm({ allowedOrigins: plan.origins, time });
  let outcome: RunResult | ExpectationFailure;
  let requests: FixtureRequestRecord[];
  let problems: string[];
  let refused: string[];
  try {
    outcome = await runGuarded(parsed, { ...options, transport });
  } finally {
    // This test's records; the rig is re-armed (new lists) before the next test.
    requests = server.requests;
    problems = server.problems;
    refused = transport.refused;
    await own?.close();
  }
  r.virtualWaitMs = time.elapsedMs;
  r.fixtureRequests = requests;
  if (!('ok' in outcome)) return finish(r, [outcome], started);
  r.result = outcome;
  const secretValues = [...new Set(secretNamesUsed(parsed))].map(dummySecret);
  r.outputs = maskTargets(outputs, secretValues);
  const failures: ExpectationFailure[] = [];
  for (const origin of refused) failures.push({ key: 'fixture', message: offlineMessage(origin) });
  for (const p of problems) failures.push({ key: 'fixture', message: p });
  // A push-only integration (no `request:`) calls nothing: its test's `input` is the event.
  if (list.length === 0 && parsed.value?.request !== undefined) failures.push({ key: 'fixture', message: 'the test has no `response` or `responses`' });
  const expect = test.expect && typeof test.expect === 'object' ? test.expect : {};
  failures.push(...checkExpectations(expect, { result: outcome, outputs: r.outputs, effectiveDurationMs: outcome.durationMs }));
  return finish(r, failures, started);
}

export async function runLiveCase(parsed: ParsedIntegration, file: string, test: TestCase, index: number, live: LiveOptions): Promise<TestCaseResult> {
  const started = Date.now();
  const r = caseResult(file, parsed.value?.name ?? '', test, index);
  const outputs: CapturedOutput[] = [];
  const transport = createDefaultTransport({ proxy: proxyFromEnv(live.env) });
  let outcome: RunResult | ExpectationFailure;
  try {
    outcome = await runGuarded(parsed, {
      file: resolve(file),
      environment: test.env,
      input: test.input,
      secrets: live.secrets,
      env: live.env,
      tokenCache: new TokenCache(),
      outputs: true,
      trigger: 'manual',
      transport,
      hooks: hooksFor(outputs),
    });
  } finally {
    await transport.close();
  }
  if (!('ok' in outcome)) return finish(r, [outcome], started);
  r.result = outcome;
  const values: string[] = [];
  for (const name of new Set(secretNamesUsed(parsed))) {
    const v = await live.secrets.get(name, outcome.environment ?? undefined);
    if (v) values.push(v);
  }
  r.outputs = maskTargets(outputs, values);
  const expect = test.expect && typeof test.expect === 'object' ? test.expect : {};
  return finish(r, checkExpectations(expect, { result: outcome, outputs: r.outputs, effectiveDurationMs: outcome.durationMs }), started);
}

const secretNamesCache = new WeakMap<ParsedIntegration, string[]>();

/** Every `{{ secret.NAME }}` name in the file's text (for masking captured targets), once per file. */
function secretNamesUsed(parsed: ParsedIntegration): string[] {
  let names = secretNamesCache.get(parsed);
  if (!names) {
    names = [...new Set([...parsed.text.matchAll(/\{\{\s*secret\.([A-Za-z_][A-Za-z0-9_-]*)\s*\}\}/g)].map((m) => m[1]))];
    secretNamesCache.set(parsed, names);
  }
  return names;
}
