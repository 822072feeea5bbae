/**
 * `gatewayIon.secrets.set` (name and value, masked input; or `(name, value)` for automation),
 * `gatewayIon.secrets.delete`, `gatewayIon.secrets.list` (names and allowed origins, never values).
 */
import * as vscode from 'vscode';
import { SECRET_NAME_RE, type SecretInfo, type SecretStore } from './store';

async function askName(store: SecretStore, placeHolder: string, suggested?: string): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: 'Gateway Ion: secret name',
    prompt: 'The name used in the file as {{ secret.NAME }}; add @environment for a value used only there (NAME@acme).',
    placeHolder,
    value: suggested,
    ignoreFocusOut: true,
    validateInput: (v) => (SECRET_NAME_RE.test(v.trim()) ? undefined : 'Letters, digits, _ and -, starting with a letter or _ (optionally @environment).'),
  }).then((v) => v?.trim());
}

export function registerSecretCommands(context: vscode.ExtensionContext, store: SecretStore): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('gatewayIon.secrets.set', async (nameArg?: unknown, valueArg?: unknown): Promise<boolean> => {
      const name = typeof nameArg === 'string' && nameArg ? nameArg : await askName(store, 'github_token');
      if (!name) return false;
      let value = typeof valueArg === 'string' ? valueArg : undefined;
      if (value === undefined) {
        value = await vscode.window.showInputBox({
          title: `Gateway Ion: value of secret "${name}"`,
          prompt: 'Stored in VS Code SecretStorage (the OS keychain); never written to files, settings or logs.',
          password: true,
          ignoreFocusOut: true,
          validateInput: (v) => (v.length > 0 ? undefined : 'The value cannot be empty.'),
        });
      }
      if (value === undefined || value === '') return false;
      await store.set(name, value);
      if (typeof valueArg !== 'string') void vscode.window.showInformationMessage(`Secret "${name}" is stored.`);
      return true;
    }),
    vscode.commands.registerCommand('gatewayIon.secrets.delete', async (nameArg?: unknown): Promise<boolean> => {
      let name = typeof nameArg === 'string' ? nameArg : undefined;
      if (!name) {
        const pick = await vscode.window.showQuickPick(store.names(), { title: 'Gateway Ion: delete secret' });
        name = pick;
      }
      if (!name) return false;
      await store.delete(name);
      return true;
    }),
    vscode.commands.registerCommand('gatewayIon.secrets.list', async (options?: { quiet?: boolean }): Promise<SecretInfo[]> => {
      const list = store.list();
      if (!options?.quiet) {
        const items = list.map((s) => ({
          label: s.name,
          description: s.origins.length ? `allowed: ${s.origins.join(', ')}` : 'no origin allowed yet (asks on first use)',
        }));
        if (items.length === 0) void vscode.window.showInformationMessage('No secrets stored yet: run "Gateway Ion: Set Secret".');
        else void vscode.window.showQuickPick(items, { title: 'Gateway Ion: stored secrets (names only)' });
      }
      return list;
    }),
    vscode.commands.registerCommand('gatewayIon.secrets.forgetOrigins', async (nameArg?: unknown): Promise<boolean> => {
      const name = typeof nameArg === 'string' ? nameArg : await vscode.window.showQuickPick(store.names(), { title: 'Forget allowed origins of…' });
      if (!name) return false;
      await store.forgetOrigins(name);
      return true;
    }),
  );
}
