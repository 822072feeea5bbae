/**
 * A small real OAuth2 authorization server for tests, on 127.0.0.1 port 0: `GET /authorize`
 * redirects to the loopback `redirect_uri` with a code and the state; `POST /token` exchanges a
 * code once, checking the PKCE S256 verifier and the redirect_uri, refreshes (rotating when told),
 * and polls device codes from a script; `POST /device` starts a device sign-in. Switches make it
 * misbehave for the refusal tests (wrong state, tampered challenge).
 */
import { createHash } from 'node:crypto';
import { json, startServer, type RecordedRequest, type ServerOptions, type TestServer } from './server';

export interface OAuthServerOptions {
  /** Redirect with this state instead of the one received. */
  wrongState?: string;
  /** Store a different challenge than the one received (the verifier will not match). */
  tamperChallenge?: boolean;
  /** Token lifetime in seconds (undefined: no expires_in). */
  expiresIn?: number;
  /** Return a new refresh token on each refresh. */
  rotate?: boolean;
  /** The device-code poll answers, in order (`ok` issues tokens). */
  deviceScript?: Array<'authorization_pending' | 'slow_down' | 'expired_token' | 'access_denied' | 'ok'>;
}

export interface OAuthServer extends TestServer {
  /** Token endpoint requests' forms, in order. */
  tokenForms: URLSearchParams[];
  /** Every access / refresh token / code issued (for "never appears" checks). */
  issued: string[];
  validRefresh: Set<string>;
  /** The user code of the last device sign-in. */
  userCode?: string;
}

export async function startOAuthServer(options: OAuthServerOptions = {}, serverOptions: ServerOptions = {}): Promise<OAuthServer> {
  const codes = new Map<string, { challenge: string; redirectUri: string }>();
  const tokenForms: URLSearchParams[] = [];
  const issued: string[] = [];
  const validRefresh = new Set<string>();
  let n = 0;
  const script = [...(options.deviceScript ?? [])];
  const tokens = () => {
    n += 1;
    const at = `test-access-${n}-SECRETAT`;
    const rt = `test-refresh-${n}-SECRETRT`;
    issued.push(at, rt);
    validRefresh.add(rt);
    return { access_token: at, token_type: 'Bearer', refresh_token: rt, ...(options.expiresIn !== undefined ? { expires_in: options.expiresIn } : {}) };
  };
  const server = (await startServer((req: RecordedRequest, res) => {
    const url = new URL(req.url, 'http://x');
    if (req.method === 'GET' && url.pathname === '/authorize') {
      const q = url.searchParams;
      if (q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge')) return json(res, 400, { error: 'pkce required' });
      const code = `test-code-${++n}-SECRETCODE`;
      issued.push(code);
      const challenge = options.tamperChallenge ? createHash('sha256').update('other').digest('base64url') : q.get('code_challenge')!;
      codes.set(code, { challenge, redirectUri: q.get('redirect_uri')! });
      const back = new URL(q.get('redirect_uri')!);
      back.searchParams.set('code', code);
      back.searchParams.set('state', options.wrongState ?? q.get('state') ?? '');
      res.writeHead(302, { Location: back.href });
      res.end();
      return;
    }
    if (req.method === 'POST' && url.pathname === '/device') {
      oauth.userCode = 'WDJB-MJHT';
      issued.push('test-device-SECRETDC');
      return json(res, 200, { device_code: 'test-device-SECRETDC', user_code: oauth.userCode, verification_uri: `${server.origin}/activate`, expires_in: 600, interval: 5 });
    }
    if (req.method === 'POST' && url.pathname === '/token') {
      const form = new URLSearchParams(req.body);
      tokenForms.push(form);
      const grant = form.get('grant_type');
      if (grant === 'authorization_code') {
        const code = form.get('code') ?? '';
        const c = codes.get(code);
        codes.delete(code);
        if (!c) return json(res, 400, { error: 'invalid_grant', error_description: 'code invalid or already used' });
        if (c.redirectUri !== form.get('redirect_uri')) return json(res, 400, { error: 'invalid_grant', error_description: 'redirect_uri mismatch' });
        const expected = createHash('sha256').update(form.get('code_verifier') ?? '').digest('base64url');
        if (expected !== c.challenge) return json(res, 400, { error: 'invalid_grant', error_description: 'PKCE verification failed' });
        return json(res, 200, tokens());
      }
      if (grant === 'refresh_token') {
        const rt = form.get('refresh_token') ?? '';
        if (!validRefresh.has(rt)) return json(res, 400, { error: 'invalid_grant', error_description: 'refresh token revoked' });
        if (options.rotate) {
          validRefresh.delete(rt);
          return json(res, 200, tokens());
        }
        n += 1;
        const at = `test-access-${n}-SECRETAT`;
        issued.push(at);
        return json(res, 200, { access_token: at, token_type: 'Bearer', ...(options.expiresIn !== undefined ? { expires_in: options.expiresIn } : {}) });
      }
      if (grant === 'urn:ietf:params:oauth:grant-type:device_code') {
        const next = script.shift() ?? 'ok';
        if (next === 'ok') return json(res, 200, tokens());
        return json(res, 400, { error: next });
      }
      return json(res, 400, { error: 'unsupported_grant_type' });
    }
    json(res, 404, { error: 'not found' });
  }, serverOptions)) as TestServer;
  const oauth: OAuthServer = Object.assign(server, { tokenForms, issued, validRefresh, userCode: undefined as string | undefined });
  return oauth;
}

/** The browser: GET the URL following redirects (to the loopback listener); returns the last answer. */
export async function browse(url: string): Promise<{ status: number; text: string }> {
  const res = await fetch(url, { redirect: 'follow' });
  return { status: res.status, text: await res.text() };
}
