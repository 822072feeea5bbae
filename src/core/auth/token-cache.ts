/**
 * OAuth2 tokens, in memory only, until shortly before they expire. One cache per process by
 * default (so `ion test`, the editor and the benchmark reuse tokens); injectable for isolation.
 */
import { createHash } from 'node:crypto';

export interface CachedToken {
  accessToken: string;
  /** Epoch ms after which the token must not be used (already includes the safety margin). */
  usableUntil: number;
  /** A rotated refresh token returned with the access token. */
  refreshToken?: string;
  /** Epoch ms when the token endpoint answered (for the run's token timeline). */
  obtainedAt?: number;
  /** Epoch ms when the token expires (`expires_in`, or `tokenTtl`); unknown when neither. */
  expiresAt?: number;
}

export class TokenCache {
  private readonly entries = new Map<string, CachedToken>();
  readonly inflight = new Map<string, Promise<CachedToken>>();

  get(key: string, now: number): CachedToken | undefined {
    const e = this.entries.get(key);
    if (e && now < e.usableUntil) return e;
    return undefined;
  }

  /** The last refresh token the server rotated to, even when the access token expired. */
  latestRefreshToken(key: string): string | undefined {
    return this.entries.get(key)?.refreshToken;
  }

  set(key: string, token: CachedToken): void {
    this.entries.set(key, token);
  }

  invalidate(key: string): void {
    const e = this.entries.get(key);
    if (e) this.entries.set(key, { ...e, usableUntil: 0 });
  }

  clear(): void {
    this.entries.clear();
    this.inflight.clear();
  }
}

export const defaultTokenCache = new TokenCache();

/**
 * The margin before expiry: a minute, or half the lifetime for short-lived tokens (under two
 * minutes), so a token is never sent in the last minute of its life, nor in the second half of a
 * short one (docs/reference.md#oauth2-token-lifecycle).
 */
export function expirySkewMs(lifetimeMs: number): number {
  return Math.min(60_000, Math.floor(lifetimeMs / 2));
}

export function cacheKey(parts: Array<string | undefined>): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}
