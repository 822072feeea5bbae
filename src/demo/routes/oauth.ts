/**
 * OAuth2 token endpoint (RFC 6749): `POST /oauth/token`, form-encoded. Client `demo-client` /
 * `demo-secret` by HTTP Basic (`clientAuth: basic`) or in the body (`clientAuth: body`). Grants:
 * `client_credentials` (scopes `shipments.read`, `accounting.read`; all when none asked) and
 * `refresh_token` with `demo-refresh` (scope `accounting.read`); the sign-in grants
 * (`authorization_code`, device code, rotating refresh tokens) are in ./oauth-user.ts. Errors use the RFC's
 * `{ error, error_description }` body, as real token endpoints do.
 */
import { parseBasic, safeEqual } from '../auth';
import { DEMO_CREDENTIALS } from '../credentials';
import { header } from '../reply';
import type { Route, RouteContext } from '../route';
import { oauthError, oauthUserRoutes, UserGrants } from './oauth-user';

const OAUTH_SCOPES = ['shipments.read', 'accounting.read'] as const;
const REFRESH_SCOPES = ['accounting.read'];

function readForm(rawBody: string, contentType: string): URLSearchParams | undefined {
  if (contentType.includes('application/x-www-form-urlencoded')) return new URLSearchParams(rawBody);
  return undefined;
}

/** RFC 6749 §2.3.1: Basic credentials are form-urlencoded before base64. */
function decodeFormComponent(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
/** Grants a public client (client_id, no secret) may use: PKCE or the device code proves it. */
const PUBLIC_GRANTS = new Set(['authorization_code', DEVICE_GRANT, 'refresh_token']);

export function oauthRoutes(ctx: RouteContext): Route[] {
  const grants = new UserGrants(ctx);
  return [
    ...oauthUserRoutes(grants),
    {
      method: 'POST',
      path: /^\/oauth\/token$/,
      summary: 'OAuth2 token endpoint (client demo-client/demo-secret, Basic or body; grants client_credentials, refresh_token demo-refresh)',
      handle(req) {
        const form = readForm(req.rawBody, (header(req, 'content-type') ?? '').toLowerCase());
        if (!form) return oauthError(400, 'invalid_request', 'send the body as application/x-www-form-urlencoded');
        const basicCreds = parseBasic(req);
        const hasBasic = header(req, 'authorization') !== undefined;
        const clientId = basicCreds ? decodeFormComponent(basicCreds.user) : form.get('client_id');
        const clientSecret = basicCreds ? decodeFormComponent(basicCreds.password) : form.get('client_secret');
        const challenge = { 'WWW-Authenticate': 'Basic realm="demo-oauth"' };
        const grant = form.get('grant_type');
        const publicClient = !hasBasic && clientId !== null && clientSecret === null && PUBLIC_GRANTS.has(grant ?? '');
        if (!publicClient && ((hasBasic && !basicCreds) || clientId === null || clientSecret === null)) {
          return oauthError(401, 'invalid_client', 'client authentication is missing: use HTTP Basic or client_id/client_secret in the body', challenge);
        }
        if (!safeEqual(clientId ?? '', DEMO_CREDENTIALS.clientId) || (!publicClient && !safeEqual(clientSecret ?? '', DEMO_CREDENTIALS.clientSecret))) {
          return oauthError(401, 'invalid_client', 'unknown client or wrong client secret', challenge);
        }
        if (grant === 'authorization_code') return grants.exchangeCode(form);
        if (grant === DEVICE_GRANT) return grants.pollDevice(form);
        if (grant === 'refresh_token') {
          const rotated = grants.refreshGrant(form);
          if (rotated) return rotated;
          if (publicClient) return oauthError(401, 'invalid_client', 'this refresh token needs the client secret', challenge);
        }
        const asked = (form.get('scope') ?? '').split(' ').filter(Boolean);
        let scopes: string[];
        let refresh: string | undefined;
        if (grant === 'client_credentials') {
          const unknown = asked.filter((s) => !(OAUTH_SCOPES as readonly string[]).includes(s));
          if (unknown.length) return oauthError(400, 'invalid_scope', `unknown scope(s): ${unknown.join(' ')}`);
          scopes = asked.length ? asked : [...OAUTH_SCOPES];
        } else if (grant === 'refresh_token') {
          const token = form.get('refresh_token');
          if (token === null || !safeEqual(token, DEMO_CREDENTIALS.refreshToken)) {
            return oauthError(400, 'invalid_grant', 'the refresh token is invalid, expired or revoked');
          }
          const beyond = asked.filter((s) => !REFRESH_SCOPES.includes(s));
          if (beyond.length) return oauthError(400, 'invalid_scope', `the refresh token does not grant: ${beyond.join(' ')}`);
          scopes = asked.length ? asked : [...REFRESH_SCOPES];
          refresh = DEMO_CREDENTIALS.refreshToken;
        } else {
          return oauthError(400, 'unsupported_grant_type', `grant_type must be client_credentials, refresh_token, authorization_code or ${DEVICE_GRANT}, not ${JSON.stringify(grant ?? '')}`);
        }
        const issued = ctx.tokens.issue(scopes);
        return {
          status: 200,
          headers: { 'Cache-Control': 'no-store', Pragma: 'no-cache' },
          body: {
            access_token: issued.token,
            token_type: 'Bearer',
            expires_in: issued.expiresIn,
            scope: scopes.join(' '),
            ...(refresh ? { refresh_token: refresh } : {}),
          },
        };
      },
    },
  ];
}
