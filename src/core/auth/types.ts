/** The one interface every auth kind implements, and what it may use. */
import type { Clock } from '../ports';
import type { Masker } from '../secrets/mask';
import type { OutgoingRequest } from '../http/send';
import type { HttpTransport, TlsOptions } from '../http/transport';
import type { TokenCache } from './token-cache';

export interface AuthContext {
  transport: HttpTransport;
  tls?: TlsOptions;
  timeoutMs: number;
  signal?: AbortSignal;
  clock: Clock;
  /** Every credential an auth kind builds or obtains is registered here, so it is masked. */
  masker: Masker;
  tokenCache: TokenCache;
  /** The integration file, for hints that name it (`ion auth login FILE`). */
  file?: string;
  /**
   * The token endpoint rotated the refresh token: the new value, to save where the old one was
   * (SecretStorage in the editor; the CLI warns). Called before the run goes on; failures are ignored.
   */
  onRefreshTokenRotated?: (refreshToken: string) => void | Promise<void>;
}

/** One line of a run's token timeline: timestamps only, never a token value. */
export interface TokenEvent {
  /** `obtained` (first token of the run), `refreshed` (after a 401), `cached` (reused), `rotated` (new refresh token). */
  event: 'obtained' | 'refreshed' | 'cached' | 'rotated';
  /** ISO 8601: when the token endpoint answered. */
  at: string;
  /** ISO 8601: when the access token expires, when known. */
  expiresAt?: string;
  /** ISO 8601: from when the engine fetches a new one instead (expiry less the margin). */
  refreshAfter?: string;
}

export interface AuthProvider {
  /** Adds the credentials to the request (headers or query), obtaining a token first when needed. */
  apply(request: OutgoingRequest): Promise<void>;
  /**
   * After a 401: drop the cached credential and obtain a new one. True when one retry makes sense.
   * The engine calls it at most once per run.
   */
  refresh?(): Promise<boolean>;
  /**
   * Signs a redirect hop again (an auth whose credential depends on the request as sent: AWS
   * Signature V4). Called before the hop is checked against the secrets' origins and sent.
   */
  resign?(request: OutgoingRequest): Promise<void>;
  /** OAuth2: what happened to tokens in this run. */
  timeline?(): TokenEvent[];
}

/** Sets a header, replacing any existing one whatever its case. */
export function setHeader(headers: Record<string, string>, name: string, value: string): void {
  const lower = name.toLowerCase();
  for (const k of Object.keys(headers)) if (k.toLowerCase() === lower) delete headers[k];
  headers[name] = value;
}

