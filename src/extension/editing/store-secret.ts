/**
 * `gatewayIon.editing.storeSecret` (the "Store in SecretStorage" quick fix): asks for a name (the
 * diagnostic's suggestion prefilled), stores the literal's value, and replaces the literal with
 * `{{ secret.NAME }}`. Tests pass `name` to skip the question. The value is never shown or logged.
 */
import * as vscode from 'vscode';
import { STORE_SECRET_COMMAND, planStoreSecret } from '../../core/editor';
import { SECRET_NAME_RE, type SecretStore } from '../secrets/store';
import { workspaceEditOf } from './convert';

export interface StoreSecretArgs {
  uri: string;
  start: number;
  end: number;
  suggestion: string;
  /** Skip the name question (automation and tests). */
  name?: string;
}

export async function askSecretName(suggestion: string, title: string): Promise<string | undefined> {
  const name = await vscode.window.showInputBox({
    title,
    prompt: 'The name used in the file as {{ secret.NAME }}; the value goes to SecretStorage.',
    value: suggestion,
    ignoreFocusOut: true,
    validateInput: (v) => (SECRET_NAME_RE.test(v.trim()) && !v.includes('@') ? undefined : 'Letters, digits, _ and -, starting with a letter or _.'),
  });
  return name?.trim();
}

export function registerStoreSecret(context: vscode.ExtensionContext, store: SecretStore): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(STORE_SECRET_COMMAND, async (args: StoreSecretArgs): Promise<string | undefined> => {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(args.uri));
      const name = args.name ?? (await askSecretName(args.suggestion, 'Gateway Ion: store this value in SecretStorage as'));
      if (!name) return undefined;
      if (!SECRET_NAME_RE.test(name) || name.includes('@')) {
        void vscode.window.showErrorMessage(`"${name}" is not a secret name (letters, digits, _ and -).`);
        return undefined;
      }
      const plan = planStoreSecret(document.getText(), args.start, args.end, name);
      if (!plan) {
        void vscode.window.showWarningMessage('The value has changed since the fix was offered: nothing was stored.');
        return undefined;
      }
      await store.set(name, plan.value);
      await vscode.workspace.applyEdit(workspaceEditOf(document, [plan.edit]));
      return name;
    }),
  );
}
