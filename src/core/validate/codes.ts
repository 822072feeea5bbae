/**
 * Every diagnostic code the validator produces, with its severity and a one-line explanation.
 * The README's diagnostics table and the editor's `codeDescription` links are generated from
 * this table; a unit test checks that the validator emits no code missing from it.
 */
import type { Severity } from '../diagnostics';

export interface DiagnosticCodeInfo {
  severity: Severity;
  summary: string;
}

export const DIAGNOSTIC_CODES = {
  // The YAML itself
  yaml_syntax: { severity: 'error', summary: 'The text is not valid YAML (the message says what the parser expected).' },
  yaml_warning: { severity: 'warning', summary: 'The YAML parser accepted the text but something is probably unintended (e.g. an unknown tag).' },
  duplicate_key: { severity: 'error', summary: 'The same key appears twice in one map; only one of them would be used.' },
  invalid_utf8: { severity: 'error', summary: 'The file has bytes that are not UTF-8 text (the message gives the line and column of the first); save it as UTF-8.' },
  empty_file: { severity: 'error', summary: 'The file has no content; an integration starts with `version: 1`.' },
  file_too_large: { severity: 'error', summary: 'The file is over the 2 MB limit and is not parsed.' },
  nesting_limit: { severity: 'error', summary: 'The YAML nests deeper than the limit (200 levels) and is not parsed.' },
  alias_limit: { severity: 'error', summary: 'YAML aliases (`*name`) expand to too many nodes (an "alias bomb"); the alias is not expanded.' },
  forbidden_key: { severity: 'error', summary: '`__proto__`, `constructor` and `prototype` cannot be used as names: they are reserved in JavaScript.' },
  // The format (schemas/integration.schema.json)
  unknown_key: { severity: 'error', summary: 'A key the format does not define here (often a typo; the message suggests the closest key).' },
  missing_key: { severity: 'error', summary: 'A required key is missing (e.g. `url` in `request`).' },
  wrong_type: { severity: 'error', summary: 'A value has the wrong type (a list where a map is expected, a number where text is expected, …).' },
  bad_value: { severity: 'error', summary: 'A value is not one of the allowed values (e.g. `auth.type`), or otherwise not accepted.' },
  out_of_range: { severity: 'error', summary: 'A number is below the minimum or above the maximum (e.g. a status code outside 100-599).' },
  bad_duration: { severity: 'error', summary: 'A duration is not written like `500ms`, `10s`, `2m` or `1h` (or a number of milliseconds).' },
  duration_unit: { severity: 'warning', summary: 'A duration written as a bare number below 1000 is milliseconds (`timeout: 10` is 10 ms); write `10s` or `10ms`.' },
  bad_size: { severity: 'error', summary: 'A size is not written like `512KB` or `10MB` (or a number of bytes).' },
  bad_name: { severity: 'error', summary: 'A name (environment, variable) is not letters, digits, `_` and `-` starting with a letter or `_`.' },
  conflicting_keys: { severity: 'error', summary: 'Two keys that exclude each other are both given (e.g. `body` and `form`, `response` and `responses`).' },
  // References
  ref_syntax: { severity: 'error', summary: 'A `{{ … }}` reference is not `namespace.name` (no expressions, no spaces inside names).' },
  ref_unclosed: { severity: 'error', summary: 'A `{{` has no matching `}}` (write `\\{{` for a literal `{{`).' },
  ref_not_allowed: { severity: 'error', summary: 'References are only allowed in `request` (url, headers, query, body, form, text), `auth`, `output.to` and `trigger.input`.' },
  unknown_namespace: { severity: 'error', summary: 'A reference does not start with `input.`, `vars.`, `secret.`, `env.` or a built-in (`uuid`, `now`, `nowUnix`).' },
  unknown_var: { severity: 'error', summary: 'A `{{ vars.NAME }}` is not defined in every environment (the message names those that lack it).' },
  secret_not_set: { severity: 'information', summary: 'In the editor: a `{{ secret.NAME }}` has no value in SecretStorage yet (quick fix: "Set secret NAME…"). The CLI reads ION_SECRET_NAME at run time instead.' },
  unknown_input: { severity: 'warning', summary: 'A `{{ input.NAME }}` is not in `trigger.input` nor in any test\'s `input` (it may still come from `--input`).' },
  env_not_allowed: { severity: 'error', summary: '`{{ env.NAME }}` may only read names starting with `ION_` and not `ION_SECRET_` (secrets go through `secret.`).' },
  // Other rules
  bad_cron: { severity: 'error', summary: 'A cron expression is not 5 valid fields (the message names the field that is wrong).' },
  bad_timezone: { severity: 'error', summary: '`trigger.timezone` is not an IANA time zone such as `Europe/Madrid`.' },
  bad_url: { severity: 'error', summary: 'A URL is not an absolute http or https URL (checked with references replaced by placeholders).' },
  unknown_environment: { severity: 'error', summary: '`defaultEnvironment` or a test\'s `env` names an environment that is not under `environments`.' },
  duplicate_test_name: { severity: 'error', summary: 'Two tests have the same name; Test Explorer and the CLI identify tests by name.' },
  secret_in_input: { severity: 'error', summary: 'A `{{ secret.NAME }}` in `trigger.input`: the input reaches the transform, which never sees a secret.' },
  secret_in_path: { severity: 'error', summary: 'A `{{ secret.NAME }}` in a file output\'s `path`: a file name is written as is and cannot be masked.' },
  secret_in_origin: { severity: 'error', summary: 'A `{{ secret.NAME }}` in a URL\'s scheme, host or port (after other text): a host is resolved by DNS and cannot be masked. A secret may be the whole URL.' },
  output_path: { severity: 'error', summary: 'A file output\'s `path` leaves the integration\'s folder (absolute, `..`), or targets an integration file (`*.ion.yaml`) or `.ion/` (the run log).' },
  bad_pattern: { severity: 'error', summary: 'A `pattern` (or `patternProperties` key) in `validate.response` or `output.schema` uses what the linear-time regex engine cannot run: back-references or lookaround.' },
  bad_pointer: { severity: 'error', summary: 'A `paginate` pointer (`items`, `next`, `hasMore`) is not a JSON pointer such as `/data` or `/meta/next_cursor`.' },
  unused_key: { severity: 'warning', summary: 'A key has no effect here: a `paginate` key of another style (such as `param` with `style: link`), `cache` on a request that is not GET or HEAD (or that pages or batches), `validate.allowGraphqlErrors` without `request.graphql`.' },
  hardcoded_secret: { severity: 'warning', summary: 'A secret-looking literal in `auth` or a header: store it in SecretStorage and write `{{ secret.NAME }}`.' },
  // Readiness (`ion validate --readiness`, and the editor unless `gatewayIon.readiness.diagnostics` is off)
  readiness_auth: { severity: 'information', summary: 'Readiness: no `auth` block (a push-only webhook: no `trigger.signature`) or no `docs.apiDocs` link (quick fix: add a docs link).' },
  readiness_endpoints: { severity: 'information', summary: 'Readiness: the request URL does not resolve in every environment (a `{{ vars.* }}` an environment lacks, or an `{{ env.* }}`/`{{ secret.* }}` left to fill in).' },
  readiness_rateLimits: { severity: 'information', summary: 'Readiness: the API\'s rate limits are not known: declare `rateLimit:` or `docs.rateLimits` (quick fix: declare a rate limit).' },
  readiness_payloadExample: { severity: 'information', summary: 'Readiness: no test with a response body (quick fix: record a payload with Save as test); a push-only webhook: no test with an event.' },
} as const satisfies Record<string, DiagnosticCodeInfo>;

