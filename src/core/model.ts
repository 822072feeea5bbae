/**
 * The typed model of an integration file (docs/reference.md#file-format, format version 1).
 * `schemas/integration.schema.json` is the source of truth; these types mirror it.
 * Durations are `500ms` / `10s` / `2m` strings (or milliseconds as a number); sizes `10MB` or bytes.
 */

export type Duration = string | number;
export type Size = string | number;
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonSchema = Record<string, unknown> | boolean;

export type Pattern = 'pull' | 'push' | 'bidirectional' | 'event-driven';

export interface ManualTrigger {
  type: 'manual';
  input?: Record<string, JsonValue>;
}
export interface ScheduleTrigger {
  type: 'schedule';
  /** Five fields: minute hour day-of-month month day-of-week. */
  cron: string;
  /** IANA time zone; local time when absent. */
  timezone?: string;
  input?: Record<string, JsonValue>;
}
export interface WebhookSignature {
  scheme: 'github' | 'stripe' | 'standard' | 'hmac-sha256';
  /** `{{ secret.NAME }}`. */
  secret: string;
  /** hmac-sha256: the header carrying the signature (default X-Signature). */
  header?: string;
  /** hmac-sha256: hex (default) or base64. */
  encoding?: 'hex' | 'base64';
  /** hmac-sha256: text before the digest, such as `sha256=`. */
  prefix?: string;
  /** stripe, standard: allowed clock difference (default 5m). */
  tolerance?: Duration;
}
export interface WebhookTrigger {
  type: 'webhook';
  /** Default `/hooks/NAME`. */
  path?: string;
  method?: string;
  signature?: WebhookSignature;
  input?: Record<string, JsonValue>;
}
export type Trigger = ManualTrigger | ScheduleTrigger | WebhookTrigger;

export interface NoAuth {
  type: 'none';
}
export interface ApiKeyAuth {
  type: 'apiKey';
  in: 'header' | 'query';
  name: string;
  value: string;
}
export interface BearerAuth {
  type: 'bearer';
  token: string;
}
export interface BasicAuth {
  type: 'basic';
  username: string;
  password: string;
}
export interface HeadersAuth {
  type: 'headers';
  headers: Record<string, string>;
}
export interface OAuth2Auth {
  type: 'oauth2';
  grant: 'client_credentials' | 'refresh_token' | 'authorization_code' | 'device_code';
  tokenUrl: string;
  clientId: string;
  clientSecret?: string;
  clientAuth?: 'basic' | 'body';
  scopes?: string[];
  refreshToken?: string;
  /** `grant: authorization_code`: where the browser signs in. */
  authorizationUrl?: string;
  /** `grant: authorization_code`: extra authorization request parameters (`prompt`, `audience`, …). */
  authorizationParams?: Record<string, string>;
  /** `grant: authorization_code`: `loopback` (default: 127.0.0.1, a free port) or a fixed loopback URL. */
  redirect?: string;
  /** `grant: device_code`: the device authorization endpoint (RFC 8628). */
  deviceAuthorizationUrl?: string;
  /** How long to keep a token the endpoint gave without `expires_in` (default: not kept). */
  tokenTtl?: Duration;
}
/** AWS Signature Version 4 (docs/reference.md#auth): every request signed as sent. */
export interface AwsAuth {
  type: 'aws';
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  region: string;
  service: string;
}
export type Auth = NoAuth | ApiKeyAuth | BearerAuth | BasicAuth | HeadersAuth | OAuth2Auth | AwsAuth;

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

export interface RequestSpec {
  method?: HttpMethod;
  url: string;
  headers?: Record<string, string>;
  query?: Record<string, string | number | boolean>;
  /** JSON body, sent as application/json. */
  body?: JsonValue;
  /** Form body, sent as application/x-www-form-urlencoded. */
  form?: Record<string, string | number | boolean>;
  /** Text body, with the Content-Type the headers give (text/plain otherwise). */
  text?: string;
  timeout?: Duration;
  maxResponseBytes?: Size;
  idempotencyKey?: string;
  followRedirects?: boolean;
  /** `ca`: a PEM file; `cert`, `key`, `passphrase`: mTLS, references to secrets holding PEM text. */
  tls?: { ca?: string; cert?: string; key?: string; passphrase?: string };
  /** A GraphQL operation sent as a JSON body (docs/reference.md, "request.graphql"). */
  graphql?: GraphqlSpec;
}

export interface GraphqlSpec {
  /** The document inline, or a `.graphql` file relative to the integration's folder. */
  query: string | { file: string };
  variables?: Record<string, JsonValue>;
  operationName?: string;
}

/** `cache:` (docs/reference.md, "cache"): GET and HEAD responses reused while fresh, then revalidated. */
export interface CacheSpec {
  ttl: Duration;
  /** Revalidate with If-None-Match / If-Modified-Since after `ttl` (default true). */
  conditional?: boolean;
}

export type RetryOn = number | 'timeout' | 'network';

export interface RetrySpec {
  maxAttempts?: number;
  on?: RetryOn[];
  backoff?: { initial?: Duration; max?: Duration; jitter?: 'full' | 'none' };
  respectRetryAfter?: boolean;
  maxWait?: Duration;
  retryUnsafe?: boolean;
}

export interface ValidateSpec {
  status?: number[];
  response?: JsonSchema;
  /** With `request.graphql`: a body with `errors` is still a success. */
  allowGraphqlErrors?: boolean;
}

export type TransformSpec =
  | string
  | { script?: string; file?: string; timeout?: Duration; memory?: Size };

export interface FileOutput {
  type: 'file';
  path: string;
  format?: 'jsonl' | 'json';
}
export interface HttpOutput {
  type: 'http';
  url: string;
  method?: 'POST' | 'PUT' | 'PATCH';
  headers?: Record<string, string>;
  idempotencyKey?: string;
}
export type OutputTarget = FileOutput | HttpOutput;

export interface OutputSpec {
  schema?: JsonSchema;
  to?: OutputTarget[];
}

export interface FixtureResponse {
  status?: number;
  headers?: Record<string, string>;
  /** An object or array is sent as JSON; a string as text. */
  body?: JsonValue;
  /** Virtual delay before answering, for timeout tests. */
  delay?: Duration;
}

export interface TestExpect {
  ok?: boolean;
  status?: number;
  attempts?: number;
  output?: JsonValue;
  error?: string;
  outputs?: JsonValue[];
  maxDurationMs?: number;
}

export interface TestCase {
  name: string;
  input?: Record<string, JsonValue>;
  env?: string;
  response?: FixtureResponse;
  responses?: FixtureResponse[];
  tokenResponse?: FixtureResponse;
  expect: TestExpect;
  live?: boolean;
}

/** `paginate:` (docs/reference.md, "paginate"): follow the pages of a list; `input.pages` and `input.items`. */
export interface PaginateSpec {
  style: 'link' | 'cursor' | 'page' | 'offset';
  /** JSON pointer to each page's array of items (default: the body when it is an array). */
  items?: string;
  /** Default 100; reaching it is a warning (`max_pages`). */
  maxPages?: number;
  /** A cap on the pages' bytes together; past it the run fails with `response_too_large`. */
  maxBytes?: Size;
  /** cursor: JSON pointer to the next cursor. */
  next?: string;
  /** cursor, page, offset: the query parameter (or, with `in: body`, the body field) that carries it. */
  param?: string;
  /** cursor: JSON pointer to a boolean; false stops. */
  hasMore?: string;
  /** cursor: send the cursor as a query parameter (default) or a top-level field of the JSON body. */
  in?: 'query' | 'body';
  /** page: the first page number (default 1). */
  start?: number;
  /** offset: the page size, sent as `limitParam` when that is given. */
  limit?: number;
  limitParam?: string;
  /** link: other origins next links may go to while the request carries secrets. */
  origins?: string[];
}

/** `batch:` (docs/reference.md, "batch"): one request per chunk of an input array, `{{ batch.items }}`. */
export interface BatchSpec {
  /** `{{ input.NAME }}`: the array to split. */
  over: string;
  size: number;
  /** Chunks in flight at once (default 1). */
  concurrency?: number;
}

/** `rateLimit:` (docs/reference.md, "rateLimit"): at most `requests` sends in any window of `per`. */
export interface RateLimitSpec {
  requests: number;
  per: Duration;
}

/** `docs:`: read by the readiness checklist and `ion docs` (docs/reference.md, "docs"), never by a run. */
export interface DocsSpec {
  summary?: string;
  /** Absolute http or https URLs. */
  apiDocs?: string[];
  owner?: string;
  limitations?: string[];
  /** The API's rate limits in words, when `rateLimit:` does not declare them. */
  rateLimits?: string;
  notes?: string;
}

export interface IntegrationFile {
  version: 1;
  name: string;
  description?: string;
  pattern?: Pattern;
  defaultEnvironment?: string;
  trigger?: Trigger;
  environments?: Record<string, Record<string, JsonValue>>;
  auth?: Auth;
  /** Absent only for a push-only integration (a webhook trigger; the transform's input is the event). */
  request?: RequestSpec;
  retry?: RetrySpec;
  validate?: ValidateSpec;
  transform?: TransformSpec;
  output?: OutputSpec;
  cache?: CacheSpec;
  paginate?: PaginateSpec;
  batch?: BatchSpec;
  rateLimit?: RateLimitSpec;
  tests?: TestCase[];
  docs?: DocsSpec;
  /** Alerts for failing triggered runs (docs/reference.md, "alerts"); `off`: none. */
  alerts?: AlertsSpec | 'off';
}

/** `alerts:` (docs/reference.md, "alerts"): after `after` failed runs in a row, once per `repeat`, then one "recovered". */
export interface AlertsSpec {
  /** Failed triggered runs in a row before the first alert (default 1). */
  after?: number;
  /** Alert again while still failing, at most once per this (default: once until recovered). */
  repeat?: Duration;
}

/** A path into the file's YAML: `['request', 'headers', 'Accept']`, `['tests', 0, 'expect']`. */
export type PropertyPath = ReadonlyArray<string | number>;

/** Character offsets into the file's text, end exclusive. */
export interface OffsetRange {
  start: number;
  end: number;
}

/** 1-based line and column. */
export interface Position {
  line: number;
  column: number;
}
