/**
 * The stable error codes (docs/reference.md#error-codes) and the hint written for a person for each.
 * This table is the one source: the engine's hints and the README's troubleshooting table are
 * both rendered from it (`scripts/render-docs.ts`, checked by unit tests).
 */

export const ERROR_CODES = [
  'invalid_file',
  'secret_missing',
  'env_missing',
  'secret_blocked',
  'auth_failed',
  'forbidden',
  'not_found',
  'client_error',
  'rate_limited',
  'server_error',
  'timeout',
  'network',
  'response_too_large',
  'redirect_refused',
  'validation_failed',
  'transform_failed',
  'output_invalid',
  'output_failed',
  'cancelled',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorInfo {
  /** What the user sees in the troubleshooting table's first column. */
  title: string;
  /** The usual cause, in a sentence. */
  cause: string;
  /** What to do about it; the default hint when the engine has nothing more specific. */
  hint: string;
}

export const ERROR_INFO: Record<ErrorCode, ErrorInfo> = {
  invalid_file: {
    title: 'The integration file has errors',
    cause: 'The file does not parse or does not match the format (see the diagnostics).',
    hint: 'Run `ion validate FILE` (or open the file in VS Code) and fix each error at its line.',
  },
  secret_missing: {
    title: 'A secret is not set',
    cause: 'The file references `{{ secret.NAME }}` and no value is stored for it.',
    hint: 'In VS Code run "Gateway Ion: Set Secret"; in the CLI export ION_SECRET_<NAME> (upper-case, `-` as `_`) or put it in an --env-file.',
  },
  env_missing: {
    title: 'An ION_ variable is not set',
    cause: 'The file references `{{ env.ION_X }}` and the process environment has no such variable.',
    hint: 'Export the variable (or add it to the --env-file) before running.',
  },
  secret_blocked: {
    title: 'A secret was refused for this origin',
    cause: 'The secret is bound to other origins and the request (or tokenUrl, or a redirect) goes elsewhere. Nothing was sent.',
    hint: 'If the origin is right, allow it: in VS Code answer "Always" when asked; in the CLI add it to ION_SECRET_<NAME>_ORIGINS (comma list of scheme://host[:port]).',
  },
  auth_failed: {
    title: '401 Unauthorized',
    cause: 'The credentials are missing, wrong or expired (an invalid or revoked token).',
    hint: 'Check that the secret holds a current token or key and that `auth` sends it where the API expects it; refresh or regenerate the token. For OAuth2 the engine already refreshed once.',
  },
  forbidden: {
    title: '403 Forbidden',
    cause: 'The credentials are valid but lack the permission or scope for this resource.',
    hint: 'Grant the missing scope or role to the key/app, or request a resource it may read.',
  },
  not_found: {
    title: '404 Not Found',
    cause: 'The URL path or the resource id does not exist (often a wrong baseUrl, API version or input).',
    hint: 'Check the URL as sent in the run result; if a 404 is a normal answer, list it in `validate.status`.',
  },
  client_error: {
    title: 'Other 4xx client error',
    cause: 'The server rejected the request as malformed (bad body, missing parameter, wrong content type).',
    hint: 'Read the error message the server returned in the body and compare the request with the API documentation.',
  },
  rate_limited: {
    title: '429 Too Many Requests',
    cause: 'Too many requests in the provider\'s rate-limit window.',
    hint: 'Add or raise `retry` (with `respectRetryAfter: true`), slow the schedule, or batch requests.',
  },
  server_error: {
    title: '5xx server error',
    cause: 'The provider failed or is overloaded.',
    hint: 'Retry later; add 500/502/503/504 to `retry.on` with backoff; if it persists, contact the provider.',
  },
  timeout: {
    title: 'Timeout',
    cause: 'The whole exchange took longer than `request.timeout` (default 30s).',
    hint: 'Raise `request.timeout`, add `timeout` to `retry.on`, or ask the API for less data (paging, filters).',
  },
  network: {
    title: 'Network error',
    cause: 'The connection failed: DNS, refused connection, TLS or proxy problem.',
    hint: 'Check the host name and port, your proxy settings (HTTPS_PROXY/NO_PROXY) and, for private CAs, `request.tls.ca`.',
  },
  response_too_large: {
    title: 'Response too large',
    cause: 'The decoded body exceeded `request.maxResponseBytes` (default 10MB).',
    hint: 'Request less data (paging, fields) or raise `request.maxResponseBytes`.',
  },
  redirect_refused: {
    title: 'Redirect refused',
    cause: 'A redirect would have sent secrets from https to http, or more than 5 redirects were chained.',
    hint: 'Use the final https URL directly in `request.url`, or set `followRedirects: false` and handle the 3xx.',
  },
  validation_failed: {
    title: 'Validation failed',
    cause: 'The status is not one `validate.status` lists, or the body does not match `validate.response`.',
    hint: 'Read each validation message (field and JSON pointer); fix the schema if the API changed, or the request if the data is wrong.',
  },
  transform_failed: {
    title: 'Transform failed',
    cause: 'The transform threw, timed out, or ran out of memory.',
    hint: 'Read the error at its line; guard against missing fields (`x?.y`), and keep the transform within its `timeout` and `memory`.',
  },
  output_invalid: {
    title: 'Output does not match output.schema',
    cause: 'The transformed value lacks a field or has a wrong type.',
    hint: 'Fix the transform so it returns what `output.schema` requires, or update the schema.',
  },
  output_failed: {
    title: 'Output could not be written or sent',
    cause: 'A `file` output could not be written, or an `http` output returned an error or failed to connect.',
    hint: 'Check the output path (it must stay inside the integration\'s folder) or the target URL and its response.',
  },
  cancelled: {
    title: 'Run cancelled',
    cause: 'The run was cancelled by the user or the process was interrupted.',
    hint: 'Run it again when ready.',
  },
};

/** An error the engine reports: one entry of the run result's `errors`. */
export interface RunError {
  code: ErrorCode;
  message: string;
  hint: string;
  /** 1-based position in the integration file, when the error belongs to a place in it. */
  range?: { line: number; column: number };
}

/** Thrown inside the engine; converted to a RunError at the boundary. Never carries a secret. */
export class IonError extends Error {
  readonly code: ErrorCode;
  readonly hint: string;
  readonly offset?: number;
  constructor(code: ErrorCode, message: string, options: { hint?: string; offset?: number } = {}) {
    super(message);
    this.name = 'IonError';
    this.code = code;
    this.hint = options.hint ?? ERROR_INFO[code].hint;
    this.offset = options.offset;
  }
}

/** Maps an HTTP status that is not a success to its stable code. */
export function codeForStatus(status: number): ErrorCode {
  if (status === 401) return 'auth_failed';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server_error';
  if (status >= 400) return 'client_error';
  return 'validation_failed';
}
