/**
 * Run in Restricted Mode (pure, unit-tested). Run calls the real API, so in an untrusted workspace
 * it sends nothing and returns a failed result: `ok: false`, no request, no attempts, and
 * `errors[0]` with code `cancelled` (the stable code for "the run did not happen") whose message
 * says why and whose hint says how to enable it. The command does not throw, so callers that
 * read `errors[0]` (tests, other extensions, the panel) handle it like any other failed run.
 */
import type { RunError } from '../../core/errors';
import type { RunResult } from '../../core/result';

export const RESTRICTED_MESSAGE = 'Run calls the real API and is off in Restricted Mode: trust the workspace to enable it';
const RESTRICTED_HINT =
  'Trust the workspace ("Workspaces: Manage Workspace Trust") to enable Run. Fixture tests ("Gateway Ion: Run Tests in File", Test Explorer) still run offline.';

export function restrictedResult(name: string, file: string, environment: string | null): RunResult {
  return notRunResult(name, file, environment, { code: 'cancelled', message: RESTRICTED_MESSAGE, hint: RESTRICTED_HINT });
}

/** A failed result for a run that never started (nothing sent), ended by `error`. */
export function notRunResult(name: string, file: string, environment: string | null, error: RunError): RunResult {
  return {
    ok: false,
    name,
    file,
    environment,
    durationMs: 0,
    request: null,
    attempts: [],
    response: null,
    output: null,
    logs: [],
    validation: [],
    errors: [error],
  };
}
