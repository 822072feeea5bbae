/**
 * The editor's SecretSource for the core engine: values from SecretStorage; origins checked against
 * what the user allowed. The first use of a secret with a new origin asks (Allow once / Always /
 * Cancel); "Always" is remembered per secret (SPEC.md section 4).
 */
import * as vscode from 'vscode';
import type { SecretSource } from '../../core/ports';
import type { SecretStore } from './store';

export type OriginAnswer = 'once' | 'always' | 'cancel';

/** Asks whether `secret` may go to `origin`. Replaceable (the host tests answer without a dialog). */
export type OriginPrompt = (secret: string, origin: string) => Promise<OriginAnswer>;

export const dialogOriginPrompt: OriginPrompt = async (secret, origin) => {
  const once = 'Allow once';
  const always = 'Always allow';
  const choice = await vscode.window.showWarningMessage(
    `Send secret "${secret}" to ${origin}?`,
    {
      modal: true,
      detail: `This is the first time "${secret}" would go to ${origin}. Allow it only if this origin is the API the secret belongs to. Nothing is sent if you cancel.`,
    },
    once,
    always,
  );
  return choice === always ? 'always' : choice === once ? 'once' : 'cancel';
};

export function editorSecretSource(store: SecretStore, prompt: () => OriginPrompt): SecretSource {
  return {
    get: (name, environment) => store.get(name, environment),
    allowOrigin: async (name, origin) => {
      if (store.origins(name).includes(origin)) return true;
      const answer = await prompt()(name, origin);
      if (answer === 'always') await store.rememberOrigin(name, origin);
      return answer !== 'cancel';
    },
  };
}
