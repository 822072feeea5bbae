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
}

export interface AuthProvider {
  /** Adds the credentials to the request (headers or query), obtaining a token first when needed. */
  apply(request: OutgoingRequest): Promise<void>;
  /**
   * After a 401: drop the cached credential and obtain a new one. True when one retry makes sense.
   * The engine calls it at most once per run.
   */
  refresh?(): Promise<boolean>;
}

/** Sets a header, replacing any existing one whatever its case. */
export function setHeader(headers: Record<string, string>, name: string, value: string): void {
  const lower = name.toLowerCase();
  for (const k of Object.keys(headers)) if (k.toLowerCase() === lower) delete headers[k];
  headers[name] = value;
}

