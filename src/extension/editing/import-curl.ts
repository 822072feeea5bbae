/**
 * `gatewayIon.importCurl`: a pasted `curl` command becomes an integration file. Each credential
 * in it is stored in SecretStorage (the name confirmed by the user unless the command was called
 * with arguments) and referenced as `{{ secret.NAME }}`; none stays in the file. Tests call it
 * with `(curlText, { folder, name })` and get the new file's Uri.
 */
import * as vscode from 'vscode';
import { CurlImportError, parseCurl, curlToIntegration, type ImportResult, fileStem, ShellSyntaxError } from '../../core/editor';
import type { SecretStore } from '../secrets/store';
import { createAndOpen, targetFolder } from './files';
import { askSecretName } from './store-secret';

export interface ImportCurlOptions {
  folder?: string | vscode.Uri;
  name?: string;
}

function renameSecret(text: string, from: string, to: string): string {
  return text.split(`{{ secret.${from} }}`).join(`{{ secret.${to} }}`);
}

async function confirmNames(result: ImportResult): Promise<ImportResult | undefined> {
  let text = result.text;
  const secrets = [];
  for (const s of result.secrets) {
    const name = await askSecretName(s.name, `Gateway Ion: store the ${s.what} from the cURL command as`);
    if (!name) return undefined;
    text = renameSecret(text, s.name, name);
    secrets.push({ ...s, name });
  }
  return { ...result, text, secrets };
}

export function registerImportCurl(context: vscode.ExtensionContext, store: SecretStore): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('gatewayIon.importCurl', async (curlArg?: unknown, options?: ImportCurlOptions): Promise<vscode.Uri | undefined> => {
      const automated = typeof curlArg === 'string';
      const command = automated
        ? curlArg
        : await vscode.window.showInputBox({
            title: 'Gateway Ion: Import from cURL',
            prompt: 'Paste a curl command (credentials in it go to SecretStorage, not into the file)',
            placeHolder: "curl -H 'Authorization: Bearer …' https://api.example.com/items",
            ignoreFocusOut: true,
          });
      if (!command) return undefined;
      let result: ImportResult | undefined;
      try {
        result = curlToIntegration(parseCurl(command), { name: options?.name });
      } catch (e) {
        const message = e instanceof CurlImportError || e instanceof ShellSyntaxError || e instanceof Error ? e.message : 'the command could not be read';
        void vscode.window.showErrorMessage(`Import from cURL: ${message}`);
        return undefined;
      }
      if (!automated) result = await confirmNames(result);
      if (!result) return undefined;
      const folder = await targetFolder(options?.folder);
      if (!folder) return undefined;
      for (const s of result.secrets) await store.set(s.name, s.value);
      const uri = await createAndOpen(folder, fileStem(result.name), result.text);
      const stored = result.secrets.length ? ` ${result.secrets.length} credential(s) stored in SecretStorage: ${result.secrets.map((s) => s.name).join(', ')}.` : '';
      const notes = result.warnings.length ? ` Notes: ${result.warnings.join('; ')}.` : '';
      if (!automated || stored || notes) void vscode.window.showInformationMessage(`Imported from cURL.${stored}${notes}`);
      return uri;
    }),
  );
}
