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
  grant: 'client_credentials' | 'refresh_token';
  tokenUrl: string;
  clientId: string;
  clientSecret?: string;
  clientAuth?: 'basic' | 'body';
  scopes?: string[];
  refreshToken?: string;
}
export type Auth = NoAuth | ApiKeyAuth | BearerAuth | BasicAuth | HeadersAuth | OAuth2Auth;

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
  tls?: { ca?: string };
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
  tests?: TestCase[];
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
