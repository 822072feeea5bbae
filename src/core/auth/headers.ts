/** `auth: { type: headers, headers: { … } }`: a map of headers added to the request. */
import type { HeadersAuth } from '../model';
import { setHeader, type AuthProvider } from './types';

export function headersAuth(auth: HeadersAuth): AuthProvider {
  return {
    async apply(req) {
      for (const [k, v] of Object.entries(auth.headers ?? {})) setHeader(req.headers, k, String(v));
    },
  };
}
