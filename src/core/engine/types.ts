/** What a run takes and what it reports along the way (for UIs), plus the seams later work plugs into. */
import type { TokenCache } from '../auth/token-cache';
import type { HttpTransport } from '../http/transport';
import type { JsonValue } from '../model';
import type { Clock, EnvSource, Random, SecretSource } from '../ports';
import type { RunHooks } from './seams';
import type { CacheStore } from '../cache';
import type { RateLimitRegistry } from '../ratelimit';

export interface RunOptions {
  /** Absolute path of the integration file (relative paths such as `tls.ca` are resolved from its folder). */
  file: string;
  environment?: string;
  /** The run's input; replaces `trigger.input` as a whole. */
  input?: Record<string, JsonValue>;
  /** Overrides of the chosen environment's vars (`--var k=v`). */
  vars?: Record<string, string>;
  secrets: SecretSource;
  env: EnvSource;
  clock?: Clock;
  random?: Random;
  /** Cancels the run (→ `cancelled`); waits are cancellable. */
  signal?: AbortSignal;
  /** Resolve and check everything, send nothing; the result carries the request that would be sent. */
  dryRun?: boolean;
  /** Whether `output.to` runs (default true; `--no-outputs` sets false). */
  outputs?: boolean;
  trigger?: 'manual' | 'schedule' | 'webhook';
  /** Default: the process-wide pooled transport for the proxy settings in `env`. */
  transport?: HttpTransport;
  /** OAuth2 token cache; default: one per process. */
  tokenCache?: TokenCache;
  onEvent?: (event: RunEvent) => void;
  hooks?: RunHooks;
  /**
   * OAuth2: the token endpoint rotated the refresh token kept in secret `secret`. The editor saves
   * `value` to SecretStorage; the CLI warns (never printing it). Failures are ignored.
   */
  onRefreshTokenRotated?: (rotation: { secret: string; environment: string | null; value: string }) => void | Promise<void>;
  /** Where `cache:` keeps responses (src/core/cache): `.ion/cache/` for the CLI, extension storage in the editor. Absent: no caching (fixture tests). */
  cache?: CacheStore;
  /** `--no-cache` / Run (ignore cache): the cache is not read (the response is still stored). */
  noCache?: boolean;
  /** The `rateLimit:` limiters (src/core/ratelimit); default: one registry per process, shared by every run. */
  rateLimits?: RateLimitRegistry;
  /**
   * `ion serve`: the webhook event that started the run (docs/reference.md#ion-serve). The transform
   * sees `event` as `input.event`; an integration without `request:` transforms the event itself
   * (`input.body` the raw text, `input.json`, `input.headers`).
   */
  webhook?: { body: string; event: { method: string; path: string; query: Record<string, string>; headers: Record<string, string> } };
}

/** Progress of a run, masked like everything else the engine reports. */
export type RunEvent =
  | { type: 'attempt-start'; attempt: number; method: string; url: string }
  | { type: 'attempt-end'; attempt: number; status?: number; error?: string; durationMs: number }
  | { type: 'wait'; attempt: number; waitMs: number; reason: 'backoff' | 'retry-after' | 'rate-limit' }
  | { type: 'redirect'; attempt: number; status: number; from: string; to: string }
  /** Each attempt's final response (after redirects), for `ion run --record`; `body` is the decoded text. */
  | { type: 'response'; attempt: number; status: number; headers: Record<string, string>; body: string }
  /** A dry run's request, body included (masked). */
  | { type: 'dry-run'; method: string; url: string; headers: Record<string, string>; body?: string };

/** `--env NAME` names no environment of the file: bad usage (exit 2), not a failed run. */
export class UnknownEnvironmentError extends Error {
  constructor(
    readonly environment: string,
    readonly known: string[],
  ) {
    super(
      known.length > 0
        ? `unknown environment '${environment}' (the file has: ${known.join(', ')})`
        : `unknown environment '${environment}' (the file defines no environments)`,
    );
    this.name = 'UnknownEnvironmentError';
  }
}
