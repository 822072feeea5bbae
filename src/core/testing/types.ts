/** Results of tests in files (`ion test`, Test Explorer). */
import type { RunResult } from '../result';
import type { FixtureRequestRecord } from './fixture-server';

export interface CapturedOutput {
  type: 'file' | 'http';
  /** The file path (relative, as written) or the URL (masked). */
  target: string;
  method?: string;
  /** The value that would have been written or sent. */
  body: unknown;
}

export interface ExpectationFailure {
  /** The `expect` key that failed (`output`, `status`, …) or `fixture` for a fixture problem. */
  key: string;
  message: string;
  expected?: unknown;
  actual?: unknown;
}

export interface TestCaseResult {
  file: string;
  integration: string;
  name: string;
  /** Index in the file's `tests:`. */
  index: number;
  state: 'passed' | 'failed' | 'skipped';
  /** Wall time of the test. */
  durationMs: number;
  /** The waits the run would have made (backoff, Retry-After), not slept. */
  virtualWaitMs: number;
  failures: ExpectationFailure[];
  skippedReason?: string;
  result?: RunResult;
  outputs?: CapturedOutput[];
  /** What reached the fixture server (offline tests only; values are the dummy ones). */
  fixtureRequests?: FixtureRequestRecord[];
}

export interface TestFileResult {
  file: string;
  integration: string;
  /** A file that cannot be read or is invalid fails as a whole. */
  error?: { code: string; message: string };
  tests: TestCaseResult[];
}
