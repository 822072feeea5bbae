/**
 * `auth: { type: oauth2, grant, tokenUrl, clientId, clientSecret, clientAuth: basic | body, scopes,
 * refreshToken, tokenTtl }` at run time. `client_credentials` asks for a token with the client alone;
 * `refresh_token`, `authorization_code` and `device_code` all use the stored refresh token (the
 * last two got it from signing in: `./oauth2-code.ts`, `./oauth2-device.ts`). Tokens are cached
 * until shortly before they expire (`./token-cache.ts`) and masked like secrets; a 401 drops the
 * cached token and fetches one new one; a rotated refresh token is handed to `onRefreshTokenRotated`.
 */
import { IonError } from '../errors';
import type { OAuth2Auth } from '../model';
import { parseDuration } from '../units';
import { endpointUrl, maskClient, postForm, readTokenAnswer, type OAuthClient } from './oauth2-token';
import { cacheKey, expirySkewMs, type CachedToken } from './token-cache';
import { setHeader, type AuthContext, type AuthProvider, type TokenEvent } from './types';

/** Grants whose refresh token came from a person signing in. */
const SIGNED_IN = new Set(['authorization_code', 'device_code']);

export function oauth2Client(auth: OAuth2Auth): OAuthClient {
  return {
    clientId: String(auth.clientId ?? ''),
    clientSecret: auth.clientSecret === undefined ? undefined : String(auth.clientSecret),
    clientAuth: auth.clientAuth ?? 'basic',
  };
}

export function oauth2Scopes(auth: OAuth2Auth): string[] {
  return Array.isArray(auth.scopes) ? auth.scopes.map(String) : [];
}

/**
 * The cache key of a resolved block: the same for a run and for the sign-in that stored its
 * refresh token, so a run right after signing in reuses the access token the sign-in obtained.
 */
export function oauth2CacheKey(auth: OAuth2Auth): string {
  const c = oauth2Client(auth);
  const grant = auth.grant ?? 'client_credentials';
  const refreshes = grant !== 'client_credentials';
  return cacheKey([auth.tokenUrl, refreshes ? 'refresh_token' : grant, c.clientId, c.clientSecret, c.clientAuth, oauth2Scopes(auth).join(' '), auth.refreshToken]);
}

/**
 * How long a token is used: its `expires_in` less the margin (`expirySkewMs`); without
 * `expires_in`, `tokenTtl` when the file gives one, else only for the run that obtained it.
 */
export function usableUntil(now: number, expiresIn: number | undefined, tokenTtl: unknown): { usableUntil: number; expiresAt?: number } {
  if (expiresIn !== undefined) {
    const lifetime = expiresIn * 1000;
    return { usableUntil: now + lifetime - expirySkewMs(lifetime), expiresAt: now + lifetime };
  }
  const ttl = tokenTtl === undefined ? undefined : parseDuration(tokenTtl);
  if (ttl !== undefined && ttl > 0) return { usableUntil: now + ttl, expiresAt: now + ttl };
  return { usableUntil: now };
}

export function oauth2Auth(auth: OAuth2Auth, ctx: AuthContext): AuthProvider {
  const client = oauth2Client(auth);
  const scopes = oauth2Scopes(auth);
  const grant = auth.grant ?? 'client_credentials';
  // The secret is masked however it was written (a token endpoint may echo the form body back).
  maskClient(client, ctx.masker);
  const key = oauth2CacheKey(auth);
  const timeline: TokenEvent[] = [];
  const iso = (ms: number) => new Date(ms).toISOString();
  let current: CachedToken | undefined;
  let rotatedAt: number | undefined;

  async function fetchToken(): Promise<CachedToken> {
    const url = endpointUrl(auth.tokenUrl, 'tokenUrl');
    const form = new URLSearchParams({ grant_type: grant === 'client_credentials' ? grant : 'refresh_token' });
    let sent: string | undefined;
    if (grant !== 'client_credentials') {
      sent = ctx.tokenCache.latestRefreshToken(key) ?? (auth.refreshToken === undefined ? undefined : String(auth.refreshToken));
      if (!sent) {
        throw new IonError('invalid_file', `auth.refreshToken is required for grant: ${grant}`, {
          hint: SIGNED_IN.has(grant) ? 'Sign in first: Gateway Ion: Sign In, or ion auth login FILE in a terminal.' : undefined,
        });
      }
      // A rotated refresh token from the cache may have been obtained by another run: mask it here too.
      ctx.masker.add(sent);
      form.set('refresh_token', sent);
    }
    if (scopes.length > 0) form.set('scope', scopes.join(' '));
    const answer = await postForm(url, form, client, ctx);
    const t = readTokenAnswer(answer, ctx.masker, { signedIn: SIGNED_IN.has(grant), file: ctx.file });
    const now = ctx.clock.now();
    const life = usableUntil(now, t.expiresIn, auth.tokenTtl);
    const rotated = t.refreshToken !== undefined && t.refreshToken !== sent ? t.refreshToken : undefined;
    const token: CachedToken = {
      accessToken: t.accessToken,
      obtainedAt: now,
      ...life,
      refreshToken: t.refreshToken ?? ctx.tokenCache.latestRefreshToken(key),
    };
    ctx.tokenCache.set(key, token);
    if (rotated && ctx.onRefreshTokenRotated) {
      try {
        await ctx.onRefreshTokenRotated(rotated);
      } catch {
        // Saving is best effort: the run goes on with the new token; the old one may still work.
      }
    }
    if (rotated) rotatedAt = now;
    return token;
  }

  async function obtain(force: boolean): Promise<{ token: CachedToken; fresh: boolean }> {
    if (!force) {
      const cached = ctx.tokenCache.get(key, ctx.clock.now());
      if (cached) return { token: cached, fresh: false };
      const pending = ctx.tokenCache.inflight.get(key);
      if (pending) return { token: await pending, fresh: false };
    }
    const p = fetchToken().finally(() => ctx.tokenCache.inflight.delete(key));
    ctx.tokenCache.inflight.set(key, p);
    return { token: await p, fresh: true };
  }

  /**
   * The token may come from the cache or from a fetch another run started: whichever run uses it
   * registers it in its own masker, right where it is used.
   */
  function use(got: { token: CachedToken; fresh: boolean }, event: TokenEvent['event']): CachedToken {
    const token = got.token;
    ctx.masker.add(token.accessToken);
    if (token.refreshToken) ctx.masker.add(token.refreshToken);
    timeline.push({
      event: got.fresh ? event : 'cached',
      at: iso(token.obtainedAt ?? ctx.clock.now()),
      ...(token.expiresAt !== undefined ? { expiresAt: iso(token.expiresAt) } : {}),
      ...(token.usableUntil > (token.obtainedAt ?? 0) ? { refreshAfter: iso(token.usableUntil) } : {}),
    });
    if (rotatedAt !== undefined) timeline.push({ event: 'rotated', at: iso(rotatedAt) });
    rotatedAt = undefined;
    return token;
  }

  return {
    async apply(req) {
      current ??= use(await obtain(false), 'obtained');
      setHeader(req.headers, 'Authorization', `Bearer ${current.accessToken}`);
    },
    async refresh() {
      ctx.tokenCache.invalidate(key);
      current = use(await obtain(true), 'refreshed');
      return true;
    },
    timeline: () => timeline.slice(),
  };
}
