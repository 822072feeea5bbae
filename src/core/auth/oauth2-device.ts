/**
 * Signing in with `grant: device_code` (RFC 8628): ask `deviceAuthorizationUrl` for a device code,
 * show the verification URL and user code, then poll the token endpoint every `interval` seconds
 * (default 5): `authorization_pending` waits, `slow_down` adds 5 s to the interval, `expired_token`
 * and `access_denied` end the sign-in. Waits go through the injected clock (tests run them at once).
 */
import { IonError } from '../errors';
import type { OAuth2Auth } from '../model';
import type { Clock } from '../ports';
import { oauth2Client, oauth2Scopes } from './oauth2';
import { endpointError, endpointUrl, maskClient, postForm, readTokenAnswer, type EndpointContext, type TokenAnswer } from './oauth2-token';

export interface DeviceCodeInfo {
  verificationUri: string;
  verificationUriComplete?: string;
  /** Shown to the person (typed in the browser): not a credential of ours. */
  userCode: string;
  /** Seconds until the device code expires. */
  expiresIn: number;
}

export interface DeviceSignInContext extends EndpointContext {
  clock: Clock;
  /** Shows the verification URL and user code (printed, or a notification). */
  show(info: DeviceCodeInfo): void | Promise<void>;
  file?: string;
}

const GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const DEFAULT_INTERVAL_S = 5;
const DEFAULT_EXPIRES_S = 600;

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export async function signInWithDevice(auth: OAuth2Auth, ctx: DeviceSignInContext): Promise<TokenAnswer> {
  if (!auth.deviceAuthorizationUrl) throw new IonError('invalid_file', 'auth.deviceAuthorizationUrl is required for grant: device_code');
  const deviceUrl = endpointUrl(auth.deviceAuthorizationUrl, 'deviceAuthorizationUrl');
  const tokenUrl = endpointUrl(auth.tokenUrl, 'tokenUrl');
  const client = oauth2Client(auth);
  maskClient(client, ctx.masker);
  const scopes = oauth2Scopes(auth);

  const start = new URLSearchParams();
  if (scopes.length > 0) start.set('scope', scopes.join(' '));
  const first = await postForm(deviceUrl, start, client, ctx);
  if (first.status < 200 || first.status >= 300) throw endpointError(first, ctx.masker, { what: 'device authorization endpoint' });
  const deviceCode = str(first.json?.device_code);
  const userCode = str(first.json?.user_code);
  const verificationUri = str(first.json?.verification_uri) ?? str(first.json?.verification_url);
  if (!deviceCode || !userCode || !verificationUri) {
    throw new IonError('auth_failed', 'the device authorization endpoint answered without device_code, user_code and verification_uri');
  }
  ctx.masker.add(deviceCode);
  const expiresIn = Number(first.json?.expires_in) > 0 ? Number(first.json?.expires_in) : DEFAULT_EXPIRES_S;
  let intervalS = Number(first.json?.interval) > 0 ? Number(first.json?.interval) : DEFAULT_INTERVAL_S;
  // Shown to the user as the server gave them, masked: a server echoing a credential (the client
  // secret it received) into them must not get it printed (README "Security").
  const complete = str(first.json?.verification_uri_complete);
  await ctx.show({ verificationUri: ctx.masker.mask(verificationUri), ...(complete !== undefined ? { verificationUriComplete: ctx.masker.mask(complete) } : {}), userCode: ctx.masker.mask(userCode), expiresIn });

  const deadline = ctx.clock.now() + expiresIn * 1000;
  for (;;) {
    await ctx.clock.sleep(intervalS * 1000, ctx.signal);
    if (ctx.clock.now() > deadline) throw expired();
    const form = new URLSearchParams({ grant_type: GRANT, device_code: deviceCode });
    const answer = await postForm(tokenUrl, form, client, ctx);
    if (answer.status >= 200 && answer.status < 300) return readTokenAnswer(answer, ctx.masker);
    const error = str(answer.json?.error);
    if (error === 'authorization_pending') continue;
    if (error === 'slow_down') {
      intervalS += 5;
      continue;
    }
    if (error === 'expired_token') throw expired();
    if (error === 'access_denied') {
      throw new IonError('auth_failed', 'the sign-in was declined in the browser (access_denied)', { hint: 'Start the sign-in again and allow access.' });
    }
    throw endpointError(answer, ctx.masker, { file: ctx.file });
  }
}

function expired(): IonError {
  return new IonError('auth_failed', 'the device code expired before the sign-in was finished (expired_token)', { hint: 'Start the sign-in again and enter the code before it expires.' });
}
