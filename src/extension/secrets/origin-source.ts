/**
 * The editor's SecretSource, free of `vscode` so its origin logic is unit-tested in plain Node:
 * values from the store; an origin already "Always" allowed for the secret passes, any other one
 * asks the prompt (Allow once / Always / Cancel). Origins arrive normalised by the engine
 * (`originOf`: scheme, host, port) and are compared exactly, so `https://api.x.com.evil.com`,
 * `https://api.x.com@evil.com` (host evil.com), `http://api.x.com` and `https://api.x.com:8443` never
 * match `https://api.x.com`.
 */
import type { SecretSource } from '../../core/ports';
import { secretBaseName } from '../../core/secrets';

export type OriginAnswer = 'once' | 'always' | 'cancel';

/** Asks whether `secret` may go to `origin`. Replaceable (the host tests answer without a dialog). */
export type OriginPrompt = (secret: string, origin: string) => Promise<OriginAnswer>;

/** The part of the secret store this needs. */
export interface OriginStore {
  get(name: string, environment?: string): Promise<string | undefined>;
  origins(name: string): string[];
  rememberOrigin(name: string, origin: string): Promise<void>;
}

export function editorSecretSource(store: OriginStore, prompt: () => OriginPrompt): SecretSource {
  return {
    get: (name, environment) => store.get(name, environment),
    allowOrigin: async (name, origin) => {
      // One binding per secret, whatever the spelling (`NAME`, `NAME@env`, `NAME__ENV`).
      const base = secretBaseName(name);
      if (store.origins(base).includes(origin)) return true;
      const answer = await prompt()(name, origin);
      if (answer === 'always') await store.rememberOrigin(base, origin);
      return answer === 'once' || answer === 'always';
    },
  };
}
