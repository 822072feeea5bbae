/**
 * The CLI's SecretSource over the environment (`--env-file` is already merged in by main.ts):
 * `ION_SECRET_<NAME>`, per environment `ION_SECRET_<NAME>__<ENV>` (wins), and origin binding through
 * `ION_SECRET_<NAME>_ORIGINS` (per environment `ION_SECRET_<NAME>__<ENV>_ORIGINS` wins), a comma list
 * of `scheme://host[:port]`. Unset: any origin.
 */
import type { SecretSource } from '../core/ports';
import { originAllowed, parseOriginList } from '../core/secrets/origins';
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
      const list = (environment ? env[`${secretEnvName(name, environment)}_ORIGINS`] : undefined) ?? env[`${secretEnvName(name)}_ORIGINS`];
      if (list === undefined || list.trim() === '') return true;
      return originAllowed(origin, parseOriginList(list));
    },
  };
}
