/** One entry to every auth kind (one small module each), behind `AuthProvider`. */
import type { Auth } from '../model';
import { apiKeyAuth } from './api-key';
import { awsAuth } from './aws';
import { basicAuth } from './basic';
import { bearerAuth } from './bearer';
import { headersAuth } from './headers';
import { oauth2Auth } from './oauth2';
import type { AuthContext, AuthProvider } from './types';

export type { AuthContext, AuthProvider, TokenEvent } from './types';
export { TokenCache, defaultTokenCache } from './token-cache';
export { awsAuth, signParts as signAwsParts, signRequest as signAwsRequest, amzDate } from './aws';
export { oauth2CacheKey, usableUntil } from './oauth2';
export { SIGN_IN_AGAIN_HINT, type TokenAnswer } from './oauth2-token';
export { authorizationUrl, createPkce, signInWithCode, startLoopback, DEFAULT_SIGN_IN_TIMEOUT_MS, type Loopback, type SignInContext } from './oauth2-code';
export { signInWithDevice, type DeviceCodeInfo, type DeviceSignInContext } from './oauth2-device';

const NONE: AuthProvider = { apply: async () => undefined };

/** The provider for a resolved `auth` block (every reference already replaced by its value). */
export function createAuth(auth: Auth | undefined, ctx: AuthContext): AuthProvider {
  switch (auth?.type) {
    case undefined:
    case 'none':
      return NONE;
    case 'apiKey':
      return apiKeyAuth(auth);
    case 'bearer':
      return bearerAuth(auth);
    case 'basic':
      return basicAuth(auth, ctx.masker);
    case 'headers':
      return headersAuth(auth);
    case 'oauth2':
      return oauth2Auth(auth, ctx);
    case 'aws':
      return awsAuth(auth, ctx);
    default:
      return NONE;
  }
}
