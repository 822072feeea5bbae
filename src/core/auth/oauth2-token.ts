/**
 * One POST to an OAuth2 endpoint (token endpoint, device authorization endpoint), shared by every
 * grant: client authentication (Basic or body), the answer read as JSON, every token in it
 * registered with the masker before anything can report it. Sent through the run's transport
 * and TLS settings, so the token call gets the same dispatcher (proxy, CA, client certificate) as
 * the request.
 */
import { IonError, codeForStatus } from '../errors';
import { sendOnce } from '../http/send';
import { parseJsonObject } from '../json';
import type { Masker } from '../secrets/mask';
import { basicHeader } from './basic';
import { setHeader, type AuthContext } from './types';

const TOKEN_RESPONSE_LIMIT = 1024 * 1024;

/** The hint of `invalid_grant` on a signed-in grant (docs/reference.md#oauth2-sign-in). */
export const SIGN_IN_AGAIN_HINT = 'Sign in again: Gateway Ion: Sign In, or ion auth login FILE in a terminal.';

export type EndpointContext = Pick<AuthContext, 'transport' | 'tls' | 'timeoutMs' | 'signal' | 'masker'>;

export interface OAuthClient {
  clientId: string;
  clientSecret?: string;
  clientAuth: 'basic' | 'body';
}

export interface EndpointAnswer {
  status: number;
  text: string;
  json: Record<string, unknown> | undefined;
}

export interface TokenAnswer {
  accessToken: string;
  /** Seconds, when the endpoint said. */
  expiresIn?: number;
  refreshToken?: string;
}

/** Registers every token an endpoint answer may hold, so no message can report it. */
function maskTokens(json: Record<string, unknown> | undefined, masker: Masker): void {
  for (const k of ['access_token', 'refresh_token', 'id_token', 'device_code']) {
    const v = json?.[k];
    if (typeof v === 'string' && v !== '') masker.add(v);
  }
}

/** Registers the client's secret (however it will be written) with the masker. */
export function maskClient(client: OAuthClient, masker: Masker): void {
  if (client.clientSecret === undefined) return;
  masker.add(client.clientSecret);
  if (client.clientAuth === 'basic') masker.addBasic(client.clientId, client.clientSecret);
}

export function endpointUrl(value: unknown, key: string): URL {
  let url: URL;
  try {
    url = new URL(String(value ?? ''));
  } catch {
    throw new IonError('invalid_file', `auth.${key} is not an absolute URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new IonError('invalid_file', `auth.${key} must be http or https`);
  return url;
}

/** POSTs `form` (plus client authentication) and reads the JSON answer; never throws for a status. */
export async function postForm(url: URL, form: URLSearchParams, client: OAuthClient, ctx: EndpointContext): Promise<EndpointAnswer> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/x-www-form-urlencoded',
    Accept: 'application/json',
  };
  if (client.clientAuth === 'body' || client.clientSecret === undefined) {
    form.set('client_id', client.clientId);
    if (client.clientSecret !== undefined) form.set('client_secret', client.clientSecret);
  } else {
    setHeader(headers, 'Authorization', basicHeader(client.clientId, client.clientSecret));
  }
  const res = await sendOnce(
    { method: 'POST', url, headers, body: form.toString() },
    { transport: ctx.transport, tls: ctx.tls, timeoutMs: ctx.timeoutMs, maxResponseBytes: TOKEN_RESPONSE_LIMIT, signal: ctx.signal },
  );
  const text = res.body.toString('utf8');
  const json = parseJsonObject(text);
  maskTokens(json, ctx.masker);
  return { status: res.status, text, json };
}

/** The endpoint's answer quoted in the error, masked: the excerpt is masked before it is cut. */
function describeError(status: number, answer: EndpointAnswer, masker: Masker, what: string): string {
  let detail: string;
  const j = answer.json;
  if (j) {
    const parts = [j.error, j.error_description, j.message].filter((x): x is string => typeof x === 'string' && x.length > 0);
    detail = masker.cut(parts.join(': '), 200);
  } else {
    detail = masker.cut(answer.text.trim(), 200);
  }
  return `the ${what} answered ${status}${detail ? ` (${detail})` : ''}`;
}

export interface ErrorOptions {
  /** Whether the grant comes from a person signing in (authorization_code, device_code). */
  signedIn?: boolean;
  /** The file, for the "sign in again" hint. */
  file?: string;
  what?: string;
}

/** The run error for a failed endpoint answer: `invalid_grant` on a signed-in grant says to sign in again. */
export function endpointError(answer: EndpointAnswer, masker: Masker, options: ErrorOptions = {}): IonError {
  const status = answer.status;
  const code = status === 400 || status === 401 ? 'auth_failed' : codeForStatus(status);
  const oauthError = typeof answer.json?.error === 'string' ? answer.json.error : undefined;
  let hint: string | undefined;
  if (oauthError === 'invalid_grant' && options.signedIn) {
    hint = options.file ? SIGN_IN_AGAIN_HINT.replace('FILE', options.file) : SIGN_IN_AGAIN_HINT;
  } else if (code === 'auth_failed') {
    hint = 'Check clientId, clientSecret (or refreshToken), scopes, clientAuth (basic or body) and tokenUrl.';
  }
  return new IonError(code, masker.mask(describeError(status, answer, masker, options.what ?? 'token endpoint')), { hint });
}

/** The token answer of a 2xx, or the error to throw. */
export function readTokenAnswer(answer: EndpointAnswer, masker: Masker, options: ErrorOptions = {}): TokenAnswer {
  if (answer.status < 200 || answer.status >= 300) throw endpointError(answer, masker, options);
  const accessToken = answer.json?.access_token;
  if (typeof accessToken !== 'string' || accessToken === '') {
    throw new IonError('auth_failed', 'the token endpoint answered without an access_token');
  }
  const expiresIn = Number(answer.json?.expires_in);
  const refreshToken = answer.json?.refresh_token;
  return {
    accessToken,
    expiresIn: Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : undefined,
    refreshToken: typeof refreshToken === 'string' && refreshToken !== '' ? refreshToken : undefined,
  };
}
