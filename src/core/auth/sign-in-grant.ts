/**
 * Which files are signed in to, and the secret that keeps the sign-in (README "Signing in"): plain
 * checks on the parsed file, kept apart from the flows so the editor's diagnostics can use them
 * without loading any HTTP code.
 */
import type { IntegrationFile, OAuth2Auth } from '../model';
import { parseTemplate } from '../template';

/** `NAME` when `auth.refreshToken` is exactly one `{{ secret.NAME }}` reference. */
export function refreshTokenSecretName(auth: unknown): string | undefined {
  if (!auth || typeof auth !== 'object') return undefined;
  const v = (auth as Record<string, unknown>).refreshToken;
  if (typeof v !== 'string') return undefined;
  const t = parseTemplate(v);
  if (t.problems.length > 0 || t.parts.length !== 1) return undefined;
  const p = t.parts[0];
  return p.kind === 'ref' && p.root === 'secret' && p.path.length === 1 ? p.path[0] : undefined;
}

/** The file's sign-in grant (`authorization_code` or `device_code`), or undefined. */
export function signInGrant(file: IntegrationFile | undefined): 'authorization_code' | 'device_code' | undefined {
  const auth = file?.auth as Partial<OAuth2Auth> | undefined;
  if (auth?.type !== 'oauth2') return undefined;
  return auth.grant === 'authorization_code' || auth.grant === 'device_code' ? auth.grant : undefined;
}
