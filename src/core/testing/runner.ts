/**
 * `runTestFile`: the tests in one integration file (SPEC.md section 2, Tests), as `ion test` and
 * Test Explorer run them. An invalid file fails as a whole (`invalid_file` at its first error's
 * line); `live: true` tests are skipped unless `live` is set.
 */
import type { TestCase } from '../model';
import { parseIntegration, type ParsedIntegration } from '../parse';
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

export async function runParsedTests(parsed: ParsedIntegration, file: string, options: RunTestFileOptions = {}): Promise<TestFileResult> {
  const integration = typeof parsed.value?.name === 'string' ? parsed.value.name : '';
  const error = fileError(parsed);
  if (error) return { file, integration, error, tests: [] };
  const tests: TestCase[] = Array.isArray(parsed.value!.tests) ? parsed.value!.tests : [];
  const results: TestCaseResult[] = [];
  for (let i = 0; i < tests.length; i++) {
    if (options.only && !options.only.includes(i)) continue;
    const t = tests[i];
    if (t.live === true) {
      if (!options.live) {
        results.push({ file, integration, name: String(t.name), index: i, state: 'skipped', durationMs: 0, virtualWaitMs: 0, failures: [], skippedReason: 'live test: run with --live' });
        continue;
      }
      if (!options.liveOptions) {
        results.push({ file, integration, name: String(t.name), index: i, state: 'skipped', durationMs: 0, virtualWaitMs: 0, failures: [], skippedReason: 'live test: no secrets were given to run it' });
        continue;
      }
      results.push(await runLiveCase(parsed, file, t, i, options.liveOptions));
      continue;
    }
    results.push(await runFixtureCase(parsed, file, t, i));
  }
  return { file, integration, tests: results };
}

/** Parses `text` (the content of `path`) and runs its tests. Never throws for a bad file. */
export async function runTestFile(path: string, text: string, options: RunTestFileOptions = {}): Promise<TestFileResult> {
  return runParsedTests(parseIntegration(text, { fileName: path }), path, options);
}
