/**
 * One rule for every spelling of a secret (README "Secrets"): `NAME`, `NAME@env` (the editor's
 * per-environment value) and `NAME__ENV` (the CLI's `ION_SECRET_NAME__ENV`) are the same secret
 * `NAME`. The origin binding of `NAME` applies to each spelling; a per-environment binding may only
 * narrow it.
 */

export interface SecretName {
  /** The secret the binding belongs to. */
  base: string;
  /** The environment the spelling names, if any. */
  environment?: string;
}

/** `tok@prod` and `tok__prod` → `{ base: 'tok', environment: 'prod' }`; `tok` → `{ base: 'tok' }`. */
export function splitSecretName(name: string): SecretName {
  const at = name.indexOf('@');
  if (at > 0 && at < name.length - 1) return { base: name.slice(0, at), environment: name.slice(at + 1) };
  const sep = name.indexOf('__');
  if (sep > 0 && sep < name.length - 2) return { base: name.slice(0, sep), environment: name.slice(sep + 2) };
  return { base: name };
}

/** The base name of any spelling (see splitSecretName). */
export function secretBaseName(name: string): string {
  return splitSecretName(name).base;
}
