/**
 * `auth: { type: oauth2, grant: client_credentials | refresh_token, tokenUrl, clientId, clientSecret,
 * clientAuth: basic | body, scopes, refreshToken }`. Tokens are cached until shortly before they
 * expire and masked like secrets; a 401 drops the cached token and fetches one new one.
 */
import { IonError, codeForStatus } from '../errors';
import type { OAuth2Auth } from '../model';
import { sendOnce } from '../http/send';
import { basicHeader } from './basic';
import { cacheKey, expirySkewMs, type CachedToken } from './token-cache';
import { setHeader, type AuthContext, type AuthProvider } from './types';
import type { Masker } from '../secrets/mask';
import { parseJsonObject } from '../json';

const TOKEN_RESPONSE_LIMIT = 1024 * 1024;

/** The endpoint's answer quoted in the error, masked: the excerpt is masked before it is cut. */
function describeTokenError(status: number, body: string, masker: Masker): string {
  let detail: string;
  const j = parseJsonObject(body);
  if (j) {
    const parts = [j.error, j.error_description, j.message].filter((x): x is string => typeof x === 'string' && x.length > 0);
    detail = masker.cut(parts.join(': '), 200);
  } else {
    detail = masker.cut(body.trim(), 200);
  }
  return `the token endpoint answered ${status}${detail ? ` (${detail})` : ''}`;
}

export function oauth2Auth(auth: OAuth2Auth, ctx: AuthContext): AuthProvider {
  const clientId = String(auth.clientId ?? '');
  const clientSecret = auth.clientSecret === undefined ? undefined : String(auth.clientSecret);
  const clientAuth = auth.clientAuth ?? 'basic';
  const scopes = Array.isArray(auth.scopes) ? auth.scopes.map(String) : [];
  const grant = auth.grant ?? 'client_credentials';
  // The secret is masked however it was written (a token endpoint may echo the form body back).
  if (clientSecret !== undefined) ctx.masker.add(clientSecret);
  if (clientAuth === 'basic' && clientSecret !== undefined) ctx.masker.addBasic(clientId, clientSecret);
  const key = cacheKey([auth.tokenUrl, grant, clientId, clientSecret, clientAuth, scopes.join(' '), auth.refreshToken]);
  let current: CachedToken | undefined;

  async function fetchToken(): Promise<CachedToken> {
    let url: URL;
    try {
      url = new URL(String(auth.tokenUrl));
    } catch {
      throw new IonError('invalid_file', `auth.tokenUrl is not an absolute URL`);
    }
    const form = new URLSearchParams({ grant_type: grant });
    if (grant === 'refresh_token') {
      const rt = ctx.tokenCache.latestRefreshToken(key) ?? (auth.refreshToken === undefined ? undefined : String(auth.refreshToken));
      if (!rt) throw new IonError('invalid_file', 'auth.refreshToken is required for grant: refresh_token');
      // A rotated refresh token from the cache may have been obtained by another run: mask it here too.
      ctx.masker.add(rt);
      form.set('refresh_token', rt);
    }
    if (scopes.length > 0) form.set('scope', scopes.join(' '));
    const headers: Record<string, string> = {
      'Content-Type': 'application/x-www-form-urlencoded',
      Accept: 'application/json',
    };
    if (clientAuth === 'body') {
      form.set('client_id', clientId);
      if (clientSecret !== undefined) form.set('client_secret', clientSecret);
    } else if (clientSecret !== undefined) {
      setHeader(headers, 'Authorization', basicHeader(clientId, clientSecret));
    } else {
      form.set('client_id', clientId);
    }
    const res = await sendOnce(
      { method: 'POST', url, headers, body: form.toString() },
      { transport: ctx.transport, tls: ctx.tls, timeoutMs: ctx.timeoutMs, maxResponseBytes: TOKEN_RESPONSE_LIMIT, signal: ctx.signal },
    );
    const text = res.body.toString('utf8');
    const json = parseJsonObject(text);
    if (res.status < 200 || res.status >= 300) {
      // An error answer may still hold tokens: mask them before the message can report them.
      for (const k of ['access_token', 'refresh_token', 'id_token']) {
        const v = json?.[k];
        if (typeof v === 'string') ctx.masker.add(v);
      }
      const code = res.status === 400 || res.status === 401 ? 'auth_failed' : codeForStatus(res.status);
      throw new IonError(code, ctx.masker.mask(describeTokenError(res.status, text, ctx.masker)), {
        hint: code === 'auth_failed' ? 'Check clientId, clientSecret (or refreshToken), scopes, clientAuth (basic or body) and tokenUrl.' : undefined,
      });
    }
    const accessToken = json?.access_token;
    if (typeof accessToken !== 'string' || accessToken === '') {
      throw new IonError('auth_failed', 'the token endpoint answered without an access_token');
    }
    const now = ctx.clock.now();
    const expiresIn = Number(json?.expires_in);
    const lifetime = Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn * 1000 : 0;
    const rotated = typeof json?.refresh_token === 'string' ? (json.refresh_token as string) : undefined;
    const token: CachedToken = {
      accessToken,
      usableUntil: lifetime > 0 ? now + lifetime - expirySkewMs(lifetime) : now,
      refreshToken: rotated ?? ctx.tokenCache.latestRefreshToken(key),
    };
    ctx.tokenCache.set(key, token);
    return token;
  }

  async function obtain(force: boolean): Promise<CachedToken> {
    if (!force) {
      const cached = ctx.tokenCache.get(key, ctx.clock.now());
      if (cached) return cached;
      const pending = ctx.tokenCache.inflight.get(key);
      if (pending) return pending;
    }
    const p = fetchToken().finally(() => ctx.tokenCache.inflight.delete(key));
    ctx.tokenCache.inflight.set(key, p);
    return p;
  }

  /**
   * The token may come from the cache or from a fetch another run started: whichever run uses it
   * registers it in its own masker, right where it is used.
   */
  function use(token: CachedToken): CachedToken {
    ctx.masker.add(token.accessToken);
    if (token.refreshToken) ctx.masker.add(token.refreshToken);
    return token;
  }

  return {
    async apply(req) {
      current ??= use(await obtain(false));
      setHeader(req.headers, 'Authorization', `Bearer ${current.accessToken}`);
    },
    async refresh() {
      ctx.tokenCache.invalidate(key);
      current = use(await obtain(true));
      return true;
    },
  };
}
