/** `auth: { type: bearer, token }`. */
import type { BearerAuth } from '../model';
import { setHeader, type AuthProvider } from './types';

export function bearerAuth(auth: BearerAuth): AuthProvider {
  return {
    async apply(req) {
      setHeader(req.headers, 'Authorization', `Bearer ${String(auth.token)}`);
    },
  };
}
