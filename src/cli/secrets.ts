/**
 * The CLI's SecretSource over the environment (`--env-file` is already merged in by main.ts):
 * `ION_SECRET_<NAME>`, per environment `ION_SECRET_<NAME>__<ENV>` (wins), and origin binding through
 * `ION_SECRET_<NAME>_ORIGINS`, a comma list of `scheme://host[:port]`. One rule for every spelling
 * (`{{ secret.NAME__ENV }}` is the secret NAME): the binding of the base name applies, and a
 * per-environment `ION_SECRET_<NAME>__<ENV>_ORIGINS` may only narrow it (every binding that is set
 * must allow the origin). None set: any origin.
 */
import type { SecretSource } from '../core/ports';
import { originAllowed, parseOriginList, splitSecretName } from '../core/secrets';
import { secretEnvName } from '../core/template';

export function cliSecretSource(env: Readonly<Record<string, string | undefined>>): SecretSource {
  return {
    async get(name, environment) {
      if (environment) {
        const v = env[secretEnvName(name, environment)];
        if (v !== undefined) return v;
      }
      return env[secretEnvName(name)];
    },
    async allowOrigin(name, origin, environment) {
      for (const list of bindingsFor(env, name, environment)) if (!originAllowed(origin, parseOriginList(list))) return false;
      return true;
    },
  };
}

/** Every `*_ORIGINS` binding set for this spelling of a secret in this environment (see the file comment). */
export function bindingsFor(env: Readonly<Record<string, string | undefined>>, name: string, environment?: string): string[] {
  // Split the variable's spelling: `tok--prod` and `tok__prod` both read ION_SECRET_TOK__PROD.
  const { base } = splitSecretName(secretEnvName(name).slice('ION_SECRET_'.length));
  const vars = new Set([secretEnvName(base), secretEnvName(name)]);
  if (environment) {
    vars.add(secretEnvName(base, environment));
    vars.add(secretEnvName(name, environment));
  }
  const out: string[] = [];
  for (const v of vars) {
    const list = env[`${v}_ORIGINS`];
    if (list !== undefined && list.trim() !== '') out.push(list);
  }
  return out;
}
