/** Checks a test's `expect` against what the run did (docs/reference.md#tests). */
import type { TestExpect } from '../model';
import type { RunResult } from '../result';
import type { CapturedOutput, ExpectationFailure } from './types';
import { deepEqual, diffJson, matchesSubset, renderValue } from './deep';

export interface Observed {
  result: RunResult;
  outputs: CapturedOutput[];
  /** Real duration plus the virtual waits: what the run would have taken live. */
  effectiveDurationMs: number;
}

/**
 * Each `expect` key is checked; when `ok` is absent, a success is expected unless `error` is given.
 * `outputs` entries match as subsets: `{ type: file, body: {…} }` need not spell out the path.
 */
export function checkExpectations(expect: TestExpect, observed: Observed): ExpectationFailure[] {
  const { result, outputs } = observed;
  const failures: ExpectationFailure[] = [];
  const firstError = result.errors[0];
  const expectedOk = expect.ok ?? expect.error === undefined;
  if (result.ok !== expectedOk) {
    failures.push({
      key: 'ok',
      message: expectedOk
        ? `expected the run to succeed, but it failed: ${firstError ? `${firstError.code}: ${firstError.message}` : 'unknown error'}`
        : 'expected the run to fail, but it succeeded',
      expected: expectedOk,
      actual: result.ok,
    });
  }
  if (expect.error !== undefined && firstError?.code !== expect.error) {
    failures.push({
      key: 'error',
      message: `expected error \`${expect.error}\`, got ${firstError ? `\`${firstError.code}\` (${firstError.message})` : 'no error'}`,
      expected: expect.error,
      actual: firstError?.code ?? null,
    });
  }
  if (expect.status !== undefined && result.response?.status !== expect.status) {
    failures.push({
      key: 'status',
      message: `expected status ${expect.status}, got ${result.response?.status ?? 'no response'}`,
      expected: expect.status,
      actual: result.response?.status ?? null,
    });
  }
  if (expect.attempts !== undefined && result.attempts.length !== expect.attempts) {
    failures.push({
      key: 'attempts',
      message: `expected ${expect.attempts} attempt(s), got ${result.attempts.length}`,
      expected: expect.attempts,
      actual: result.attempts.length,
    });
  }
  if (expect.output !== undefined && !deepEqual(result.output, expect.output)) {
    const diff = diffJson(expect.output, result.output);
    failures.push({
      key: 'output',
      message: `output differs:\n${diff
        .map((d) => `  at ${d.path || '(root)'}: expected ${renderValue(d.expected)}, got ${renderValue(d.actual)}`)
        .join('\n')}`,
      expected: expect.output,
      actual: result.output,
    });
  }
  if (expect.outputs !== undefined && !matchesSubset(outputs, expect.outputs)) {
    failures.push({
      key: 'outputs',
      message: `outputs differ: expected ${renderValue(expect.outputs)}, got ${renderValue(outputs)}`,
      expected: expect.outputs,
      actual: outputs,
    });
  }
  if (expect.maxDurationMs !== undefined && observed.effectiveDurationMs > expect.maxDurationMs) {
    failures.push({
      key: 'maxDurationMs',
      message: `took ${Math.round(observed.effectiveDurationMs)} ms (waits included), more than maxDurationMs ${expect.maxDurationMs}`,
      expected: expect.maxDurationMs,
      actual: Math.round(observed.effectiveDurationMs),
    });
  }
  return failures;
}
