/** `auth: { type: apiKey, in: header | query, name, value }`. */
import type { ApiKeyAuth } from '../model';
import { setHeader, type AuthProvider } from './types';

export function apiKeyAuth(auth: ApiKeyAuth): AuthProvider {
  return {
    async apply(req) {
      if (auth.in === 'query') req.url.searchParams.set(auth.name, String(auth.value));
      else setHeader(req.headers, auth.name, String(auth.value));
    },
  };
}
