/**
 * The demo API's sign-in grants (what `gateway ion auth login` and "Gateway Ion: Sign In" talk to):
 * - `GET /oauth/authorize`: authorization code with PKCE S256 (RFC 6749 §4.1, RFC 7636). The demo
 *   approves at once and redirects to the loopback `redirect_uri` (http 127.0.0.1 / localhost /
 *   [::1] only) with `code` and `state`; a code lives 60 s and is accepted once.
 * - `POST /oauth/device` and `GET /oauth/device/verify?user_code=…` (RFC 8628): the verify page
 *   approves the device code at once; polling faster than `interval` answers `slow_down`.
 * - The token endpoint (./oauth.ts) hands the grants `authorization_code`,
 *   `urn:ietf:params:oauth:grant-type:device_code` and the refresh of the refresh tokens issued
 *   here (rotating: each refresh returns a new one and revokes the old) to `UserGrants`.
 * Client `demo-client`, public (no secret) or with `demo-secret`. Scope `accounting.read`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { safeEqual } from '../auth';
import { DEMO_CREDENTIALS } from '../credentials';
import { errorReply, header, type Reply } from '../reply';
import type { Route, RouteContext } from '../route';

export const USER_SCOPES = ['accounting.read'];
const CODE_TTL_MS = 60_000;
const DEVICE_TTL_S = 600;
const DEVICE_INTERVAL_S = 5;

interface CodeGrant {
  challenge: string;
  redirectUri: string;
  scopes: string[];
  expiresAt: number;
}

interface DeviceGrant {
  userCode: string;
  scopes: string[];
  expiresAt: number;
  approved: boolean;
  lastPoll?: number;
}

export function oauthError(status: number, error: string, description: string, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'Cache-Control': 'no-store', ...headers }, body: { error, error_description: description } };
}

function isLoopbackRedirect(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
  } catch {
    return false;
  }
}

const random = (n: number) => randomBytes(n).toString('base64url');

/** The state of the sign-in grants, shared by the routes here and the token endpoint. */
export class UserGrants {
  private readonly codes = new Map<string, CodeGrant>();
  private readonly devices = new Map<string, DeviceGrant>();
  private readonly refresh = new Map<string, string[]>();

  constructor(private readonly ctx: RouteContext) {}

  private issue(scopes: string[]): Reply {
    const issued = this.ctx.tokens.issue(scopes);
    const refreshToken = `demo-rt-${random(18)}`;
    this.refresh.set(refreshToken, scopes);
    this.ctx.tokens.remember(refreshToken);
    return {
      status: 200,
      headers: { 'Cache-Control': 'no-store', Pragma: 'no-cache' },
      body: { access_token: issued.token, token_type: 'Bearer', expires_in: issued.expiresIn, scope: scopes.join(' '), refresh_token: refreshToken },
    };
  }

  authorize(q: URLSearchParams): Reply {
    const redirectUri = q.get('redirect_uri') ?? '';
    // Never redirect anywhere but a loopback address: errors before that are shown, not redirected.
    if (!isLoopbackRedirect(redirectUri)) return errorReply(400, 'redirect_uri must be a loopback http URL (http://127.0.0.1:PORT/callback)');
    if (q.get('client_id') !== DEMO_CREDENTIALS.clientId) return errorReply(400, `unknown client_id: use ${DEMO_CREDENTIALS.clientId}`);
    const back = new URL(redirectUri);
    const state = q.get('state');
    if (state !== null) back.searchParams.set('state', state);
    const refuse = (error: string, description: string): Reply => {
      back.searchParams.set('error', error);
      back.searchParams.set('error_description', description);
      return { status: 302, headers: { Location: back.href, 'Cache-Control': 'no-store' } };
    };
    if (q.get('response_type') !== 'code') return refuse('unsupported_response_type', 'response_type must be code');
    const challenge = q.get('code_challenge') ?? '';
    if (q.get('code_challenge_method') !== 'S256' || !/^[A-Za-z0-9_-]{43}$/.test(challenge)) return refuse('invalid_request', 'PKCE is required: code_challenge with code_challenge_method S256');
    const asked = (q.get('scope') ?? '').split(' ').filter(Boolean);
    const unknown = asked.filter((s) => !USER_SCOPES.includes(s));
    if (unknown.length) return refuse('invalid_scope', `unknown scope(s): ${unknown.join(' ')}`);
    const code = `demo-code-${random(18)}`;
    this.codes.set(code, { challenge, redirectUri, scopes: asked.length ? asked : [...USER_SCOPES], expiresAt: this.ctx.now() + CODE_TTL_MS });
    this.ctx.tokens.remember(code);
    back.searchParams.set('code', code);
    return { status: 302, headers: { Location: back.href, 'Cache-Control': 'no-store' } };
  }

  /** `grant_type=authorization_code`: the code once, its redirect_uri, and the PKCE verifier. */
  exchangeCode(form: URLSearchParams): Reply {
    const code = form.get('code') ?? '';
    const grant = this.codes.get(code);
    // Used or not: a code is good once (RFC 6749 §4.1.2).
    this.codes.delete(code);
    if (!grant || this.ctx.now() >= grant.expiresAt) return oauthError(400, 'invalid_grant', 'the authorization code is invalid, expired or already used');
    if (form.get('redirect_uri') !== grant.redirectUri) return oauthError(400, 'invalid_grant', 'redirect_uri does not match the authorization request');
    const verifier = form.get('code_verifier') ?? '';
    const expected = createHash('sha256').update(verifier).digest('base64url');
    if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier) || !safeEqual(expected, grant.challenge)) {
      return oauthError(400, 'invalid_grant', 'the PKCE code_verifier does not match the code_challenge');
    }
    return this.issue(grant.scopes);
  }

  /** A refresh token issued here: rotated (a new one each time, the old one revoked). Undefined: not ours. */
  refreshGrant(form: URLSearchParams): Reply | undefined {
    const token = form.get('refresh_token') ?? '';
    if (!token.startsWith('demo-rt-')) return undefined;
    const scopes = this.refresh.get(token);
    if (!scopes) return oauthError(400, 'invalid_grant', 'the refresh token is invalid, expired or revoked: sign in again');
    this.refresh.delete(token);
    return this.issue(scopes);
  }

  startDevice(form: URLSearchParams, baseUrl: string): Reply {
    if (form.get('client_id') !== null && form.get('client_id') !== DEMO_CREDENTIALS.clientId) return oauthError(401, 'invalid_client', 'unknown client');
    const asked = (form.get('scope') ?? '').split(' ').filter(Boolean);
    const unknown = asked.filter((s) => !USER_SCOPES.includes(s));
    if (unknown.length) return oauthError(400, 'invalid_scope', `unknown scope(s): ${unknown.join(' ')}`);
    const deviceCode = `demo-dc-${random(18)}`;
    const userCode = `${random(3).toUpperCase().replace(/[^A-Z0-9]/g, 'X').slice(0, 4)}-${random(3).toUpperCase().replace(/[^A-Z0-9]/g, 'Y').slice(0, 4)}`;
    this.devices.set(deviceCode, { userCode, scopes: asked.length ? asked : [...USER_SCOPES], expiresAt: this.ctx.now() + DEVICE_TTL_S * 1000, approved: false });
    this.ctx.tokens.remember(deviceCode);
    const verify = `${baseUrl}/oauth/device/verify`;
    return {
      status: 200,
      headers: { 'Cache-Control': 'no-store' },
      body: { device_code: deviceCode, user_code: userCode, verification_uri: verify, verification_uri_complete: `${verify}?user_code=${encodeURIComponent(userCode)}`, expires_in: DEVICE_TTL_S, interval: DEVICE_INTERVAL_S },
    };
  }

  approveDevice(userCode: string): Reply {
    for (const d of this.devices.values()) {
      if (d.userCode === userCode && this.ctx.now() < d.expiresAt) {
        d.approved = true;
        return { status: 200, body: { approved: true, message: 'Device approved: go back to the terminal or editor.' } };
      }
    }
    return errorReply(404, 'no pending sign-in has this user code (expired or mistyped)');
  }

  pollDevice(form: URLSearchParams): Reply {
    const code = form.get('device_code') ?? '';
    const d = this.devices.get(code);
    if (!d) return oauthError(400, 'invalid_grant', 'unknown device_code');
    const now = this.ctx.now();
    if (now >= d.expiresAt) {
      this.devices.delete(code);
      return oauthError(400, 'expired_token', 'the device code expired: start again');
    }
    const tooSoon = d.lastPoll !== undefined && now - d.lastPoll < DEVICE_INTERVAL_S * 1000;
    d.lastPoll = now;
    if (tooSoon) return oauthError(400, 'slow_down', `poll at most every ${DEVICE_INTERVAL_S} s`);
    if (!d.approved) return oauthError(400, 'authorization_pending', 'open the verification URL and enter the user code');
    this.devices.delete(code);
    return this.issue(d.scopes);
  }
}

/** The base URL the client called, for the verification URI (the demo runs on loopback). */
function baseUrlOf(hostHeader: string | undefined): string {
  return `http://${hostHeader ?? '127.0.0.1'}`;
}

export function oauthUserRoutes(grants: UserGrants): Route[] {
  return [
    {
      method: 'GET',
      path: /^\/oauth\/authorize$/,
      summary: 'OAuth2 authorization (code + PKCE S256; approves at once, redirects to the loopback redirect_uri)',
      handle: (req) => grants.authorize(req.query),
    },
    {
      method: 'POST',
      path: /^\/oauth\/device$/,
      summary: 'OAuth2 device authorization (RFC 8628): device_code, user_code, verification_uri',
      handle(req) {
        if (!(header(req, 'content-type') ?? '').toLowerCase().includes('application/x-www-form-urlencoded')) {
          return oauthError(400, 'invalid_request', 'send the body as application/x-www-form-urlencoded');
        }
        return grants.startDevice(new URLSearchParams(req.rawBody), baseUrlOf(header(req, 'host')));
      },
    },
    {
      method: 'GET',
      path: /^\/oauth\/device\/verify$/,
      summary: 'OAuth2 device verification: ?user_code=… approves the device at once',
      handle: (req) => grants.approveDevice(req.query.get('user_code') ?? ''),
    },
  ];
}
