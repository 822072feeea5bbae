/**
 * Signing in with `grant: authorization_code` and PKCE (RFC 6749 §4.1, RFC 7636 S256, RFC 8252
 * loopback redirect): the authorization URL with `state` and `code_challenge`, a one-shot listener
 * on `http://127.0.0.1:PORT/callback` that checks `state` and takes one code, and the exchange of
 * the code with the verifier. The caller opens the browser and stores the refresh token
 * (README "Signing in"). Every value here that is a credential (code, verifier, tokens) is
 * registered with the masker before anything can report it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IonError } from '../errors';
import type { OAuth2Auth } from '../model';
import { oauth2Client, oauth2Scopes } from './oauth2';
import { endpointError, endpointUrl, maskClient, postForm, readTokenAnswer, type EndpointContext, type TokenAnswer } from './oauth2-token';

/** How long the listener waits for the browser (default 5 minutes). */
export const DEFAULT_SIGN_IN_TIMEOUT_MS = 5 * 60_000;

export interface Pkce {
  verifier: string;
  challenge: string;
}

/** A 43-character verifier (32 random bytes, base64url) and its S256 challenge (RFC 7636 §4.1-4.2). */
export function createPkce(): Pkce {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export interface AuthorizationRequest {
  authorizationUrl: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state: string;
  challenge: string;
  /** Extra parameters (`prompt`, `audience`, …); they never replace the ones the flow needs. */
  params?: Record<string, string>;
}

/** The URL the browser opens. */
export function authorizationUrl(r: AuthorizationRequest): URL {
  const url = endpointUrl(r.authorizationUrl, 'authorizationUrl');
  for (const [k, v] of Object.entries(r.params ?? {})) url.searchParams.set(k, String(v));
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', r.clientId);
  url.searchParams.set('redirect_uri', r.redirectUri);
  if (r.scopes.length > 0) url.searchParams.set('scope', r.scopes.join(' '));
  url.searchParams.set('state', r.state);
  url.searchParams.set('code_challenge', r.challenge);
  url.searchParams.set('code_challenge_method', 'S256');
  return url;
}

export interface Loopback {
  /** `http://127.0.0.1:PORT/callback`. */
  redirectUri: string;
  /** The code, once; rejects on a wrong `state`, an error answer, the timeout or `signal`. */
  code: Promise<string>;
  close(): Promise<void>;
}

function page(res: ServerResponse, status: number, title: string, text: string): void {
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body style="font-family:sans-serif;margin:3em"><h1>${title}</h1><p>${text}</p></body></html>`;
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(html) });
  res.end(html);
}

const SAFE_TEXT = /^[\w .,:;'()/-]{0,200}$/;

/**
 * `redirect`: `loopback` (or unset): 127.0.0.1 on a free port, path `/callback`; or a fixed
 * loopback URL (`http://127.0.0.1:8765/callback`, `http://localhost:8765/cb`) for a provider that
 * only accepts registered redirect URIs.
 */
export function loopbackAddress(redirect: string | undefined): { host: string; port: number; path: string; shownHost: string } {
  if (redirect === undefined || redirect === '' || redirect === 'loopback') return { host: '127.0.0.1', port: 0, path: '/callback', shownHost: '127.0.0.1' };
  let url: URL;
  try {
    url = new URL(redirect);
  } catch {
    throw new IonError('invalid_file', 'auth.redirect must be `loopback` or an http://127.0.0.1:PORT/PATH URL');
  }
  const host = url.hostname;
  if (url.protocol !== 'http:' || !['127.0.0.1', 'localhost', '[::1]'].includes(host)) {
    throw new IonError('invalid_file', 'auth.redirect must be a loopback http URL (127.0.0.1, [::1] or localhost): the code must not leave this machine');
  }
  return { host: host === 'localhost' ? '127.0.0.1' : host.replace(/^\[|\]$/g, ''), port: Number(url.port || 80), path: url.pathname || '/', shownHost: host };
}

/** Starts the one-shot listener: the first request with the right `state` and a code wins. */
export function startLoopback(options: { state: string; redirect?: string; timeoutMs?: number; signal?: AbortSignal }): Promise<Loopback> {
  const where = loopbackAddress(options.redirect);
  let settle: { resolve(code: string): void; reject(e: Error): void } | undefined;
  let done = false;
  const code = new Promise<string>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // Handled by whoever awaits it; this keeps an early failure from being an unhandled rejection.
  code.catch(() => undefined);
  const finish = (e: Error | undefined, value?: string) => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    if (e) settle!.reject(e);
    else settle!.resolve(value!);
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://loopback.invalid');
    } catch {
      page(res, 400, 'Bad request', 'This address only takes the sign-in redirect.');
      return;
    }
    if (req.method !== 'GET' || url.pathname !== where.path) {
      page(res, 404, 'Not found', 'This address only takes the sign-in redirect.');
      return;
    }
    if (done) {
      page(res, 400, 'Already used', 'This sign-in already finished: a code is accepted once. Start again if needed.');
      return;
    }
    const q = url.searchParams;
    if (q.get('state') !== options.state) {
      page(res, 400, 'Sign-in refused', 'The answer did not carry the state this sign-in sent. Nothing was stored.');
      finish(new IonError('auth_failed', 'the authorization server answered with a state this sign-in did not send; nothing was stored', { hint: 'Start the sign-in again, and finish it in the browser window it opened.' }));
      return;
    }
    const err = q.get('error');
    if (err !== null) {
      const description = q.get('error_description') ?? '';
      const said = SAFE_TEXT.test(err) ? err : 'error';
      const more = description && SAFE_TEXT.test(description) ? `: ${description}` : '';
      page(res, 400, 'Sign-in not completed', `The authorization server answered ${said}. You can close this window.`);
      finish(new IonError('auth_failed', `the authorization server answered ${said}${more}`, { hint: said === 'access_denied' ? 'The sign-in was declined in the browser; start it again to allow access.' : 'Check authorizationUrl, clientId, scopes and authorizationParams.' }));
      return;
    }
    const got = q.get('code');
    if (!got) {
      page(res, 400, 'Sign-in refused', 'The answer carried no code.');
      finish(new IonError('auth_failed', 'the authorization server redirected without a code'));
      return;
    }
    page(res, 200, 'Signed in', 'Gateway Ion received the sign-in. You can close this window and go back to the editor or terminal.');
    finish(undefined, got);
  });
  const timeoutMs = options.timeoutMs ?? DEFAULT_SIGN_IN_TIMEOUT_MS;
  const timer = setTimeout(() => finish(new IonError('timeout', `no sign-in arrived within ${Math.round(timeoutMs / 1000)} s`, { hint: 'Open the printed URL in a browser and finish signing in, then try again.' })), timeoutMs);
  timer.unref?.();
  const onAbort = () => finish(new IonError('cancelled', 'the sign-in was cancelled'));
  options.signal?.addEventListener('abort', onAbort, { once: true });
  return new Promise((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      finish(e);
      reject(new IonError('network', `cannot listen on ${where.shownHost}:${where.port} for the sign-in redirect (${e.code ?? e.message})`));
    });
    server.listen(where.port, where.host, () => {
      const port = (server.address() as AddressInfo).port;
      let closing: Promise<void> | undefined;
      const close = () =>
        (closing ??= new Promise<void>((ok) => {
          finish(new IonError('cancelled', 'the sign-in listener was closed'));
          server.close(() => ok());
          server.closeAllConnections();
        }));
      resolve({ redirectUri: `http://${where.shownHost}:${port}${where.path}`, code, close });
    });
  });
}

export interface SignInContext extends EndpointContext {
  /** Shows or opens the authorization URL (the browser). Errors from it are ignored. */
  openUrl(url: string): void | Promise<void>;
  /** How long to wait for the browser (default 5 minutes). */
  waitMs?: number;
  /** The file, for hints. */
  file?: string;
}

/** What a sign-in returns: the tokens (already masked) for the caller to cache and store. */
export type SignInResult = TokenAnswer;

/** The whole authorization-code flow for a resolved `auth` block (no refreshToken needed). */
export async function signInWithCode(auth: OAuth2Auth, ctx: SignInContext): Promise<SignInResult> {
  if (!auth.authorizationUrl) throw new IonError('invalid_file', 'auth.authorizationUrl is required for grant: authorization_code');
  const tokenUrl = endpointUrl(auth.tokenUrl, 'tokenUrl');
  const client = oauth2Client(auth);
  maskClient(client, ctx.masker);
  const pkce = createPkce();
  const state = randomBytes(16).toString('base64url');
  ctx.masker.add(pkce.verifier);
  // The authorization URL is printed and opened in a browser (its history, the provider's logs):
  // no secret may be in it (README "Security"). The client id is public by design and is left out
  // of the check; the client secret goes to the token endpoint only.
  const probe = authorizationUrl({ authorizationUrl: String(auth.authorizationUrl), clientId: '', redirectUri: 'http://127.0.0.1/callback', scopes: oauth2Scopes(auth), state: '', challenge: '', params: auth.authorizationParams });
  if (ctx.masker.carries(probe.href)) {
    throw new IonError('secret_blocked', 'the authorization URL would carry a secret (in auth.authorizationUrl or auth.authorizationParams); nothing was opened or sent', {
      hint: 'The browser URL is shown and kept in history: put only public values there. clientSecret is sent to tokenUrl only.',
    });
  }
  const loopback = await startLoopback({ state, redirect: auth.redirect, timeoutMs: ctx.waitMs, signal: ctx.signal });
  try {
    const url = authorizationUrl({
      authorizationUrl: String(auth.authorizationUrl),
      clientId: client.clientId,
      redirectUri: loopback.redirectUri,
      scopes: oauth2Scopes(auth),
      state,
      challenge: pkce.challenge,
      params: auth.authorizationParams,
    });
    try {
      await ctx.openUrl(url.href);
    } catch {
      // The URL is shown too: a browser that cannot be opened is not a failure.
    }
    const code = await loopback.code;
    ctx.masker.add(code);
    const form = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: loopback.redirectUri, code_verifier: pkce.verifier });
    const answer = await postForm(tokenUrl, form, client, ctx);
    if (answer.status < 200 || answer.status >= 300) throw endpointError(answer, ctx.masker, { file: ctx.file });
    return readTokenAnswer(answer, ctx.masker);
  } finally {
    await loopback.close();
  }
}
