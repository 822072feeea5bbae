/**
 * `runTestFile`: the tests in one integration file (docs/reference.md#tests), as `ion test` and
 * Test Explorer run them. An invalid file fails as a whole (`invalid_file` at its first error's
 * line); `live: true` tests are skipped unless `live` is set.
 */
import type { TestCase } from '../model';
import { parseIntegration, type ParsedIntegration } from '../parse';
import { startFixtureRig, type FixtureRig } from './fixture-rig';
import { runFixtureCase, runLiveCase, type LiveOptions } from './run-case';
import type { TestCaseResult, TestFileResult } from './types';

export type { LiveOptions } from './run-case';

export interface RunTestFileOptions {
  /** Also run `live: true` tests (against the real API, with `liveOptions`). */
  live?: boolean;
  liveOptions?: LiveOptions;
  /** Only these indexes of `tests:` (Test Explorer runs one test; `--update` re-runs one). */
  only?: number[];
}

/** The first error of an invalid file, as `invalid_file` with its position. */
export function fileError(parsed: ParsedIntegration): TestFileResult['error'] | undefined {
  if (!parsed.hasErrors && parsed.value) return undefined;
  const first = parsed.diagnostics.find((d) => d.severity === 'error');
  if (!first) return { code: 'invalid_file', message: 'the file could not be read' };
  const { line, column } = parsed.position(first.start);
  return { code: 'invalid_file', message: `line ${line}, column ${column}: ${first.message} (${first.code})` };
}

/**
 * Fixture tests run this many at a time, each worker with its own fixture server and transport
 * (re-armed for every test it runs). Tests share nothing else, so the order they finish in does
 * not matter; results are reported in file order. Live tests run one at a time, after them.
 */
export const FIXTURE_CONCURRENCY = 4;

export async function runParsedTests(parsed: ParsedIntegration, file: string, options: RunTestFileOptions = {}): Promise<TestFileResult> {
  const integration = typeof parsed.value?.name === 'string' ? parsed.value.name : '';
  const error = fileError(parsed);
  if (error) return { file, integration, error, tests: [] };
  const tests: TestCase[] = Array.isArray(parsed.value!.tests) ? parsed.value!.tests : [];
  const slots: Array<TestCaseResult | undefined> = [];
  const fixtures: number[] = [];
  const live: number[] = [];
  const only = options.only ? new Set(options.only) : undefined;
  for (let i = 0; i < tests.length; i++) {
    if (only && !only.has(i)) continue;
    const t = tests[i];
    slots.push(undefined);
    const slot = slots.length - 1;
    if (t.live !== true) {
      fixtures.push(i, slot);
      continue;
    }
    const skippedReason = !options.live ? 'live test: run with --live' : !options.liveOptions ? 'live test: no secrets were given to run it' : undefined;
    if (skippedReason) slots[slot] = { file, integration, name: String(t.name), index: i, state: 'skipped', durationMs: 0, virtualWaitMs: 0, failures: [], skippedReason };
    else live.push(i, slot);
  }

  let next = 0;
  const worker = async (): Promise<void> => {
    let rig: FixtureRig | undefined;
    try {
      while (next < fixtures.length) {
        const [i, slot] = [fixtures[next], fixtures[next + 1]];
        next += 2;
        rig ??= await startFixtureRig();
        slots[slot] = await runFixtureCase(parsed, file, tests[i], i, rig);
      }
    } finally {
      await rig?.close();
    }
  };
  const workers = Math.min(FIXTURE_CONCURRENCY, fixtures.length / 2);
  await Promise.all(Array.from({ length: workers }, worker));
  for (let k = 0; k < live.length; k += 2) slots[live[k + 1]] = await runLiveCase(parsed, file, tests[live[k]], live[k], options.liveOptions!);
  return { file, integration, tests: slots as TestCaseResult[] };
}

/** Parses `text` (the content of `path`) and runs its tests. Never throws for a bad file. */
export async function runTestFile(path: string, text: string, options: RunTestFileOptions = {}): Promise<TestFileResult> {
  return runParsedTests(parseIntegration(text, { fileName: path }), path, options);
}
