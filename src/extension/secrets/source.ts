/**
 * The editor's SecretSource for the core engine: values from SecretStorage; origins checked against
 * what the user allowed. The first use of a secret with a new origin asks (Allow once / Always /
 * Cancel); "Always" is remembered per secret (docs/reference.md#origins).
 */
import * as vscode from 'vscode';
import type { OriginPrompt } from './origin-source';

// The SecretSource itself lives in origin-source.ts (no vscode import: unit-tested in plain Node).
export { editorSecretSource, type OriginAnswer, type OriginPrompt } from './origin-source';

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
