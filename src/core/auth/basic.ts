/** `auth: { type: basic, username, password }`; the base64 of `user:password` is masked. */
import type { BasicAuth } from '../model';
import type { Masker } from '../secrets/mask';
import { setHeader, type AuthProvider } from './types';

export function basicHeader(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

export function basicAuth(auth: BasicAuth, masker: Masker): AuthProvider {
  const user = String(auth.username ?? '');
  const password = String(auth.password ?? '');
  masker.addBasic(user, password);
  return {
    async apply(req) {
      setHeader(req.headers, 'Authorization', basicHeader(user, password));
    },
  };
}
