/** Editing features (completion, hover, quick fixes, symbols, snippets, new file, cURL import). */
import type * as vscode from 'vscode';
import type { EditorServices } from '../services';
import { registerCodeActions } from './code-actions';
import { registerCompletion } from './completion';
import { registerHover } from './hover';
import { registerImportCurl } from './import-curl';
import { registerImportSpec } from './import-spec';
import { registerNewIntegration } from './new-integration';
import { KnownSecrets, registerSecretDiagnostics } from './secret-diagnostics';
import { registerStoreSecret } from './store-secret';
import { registerSymbols } from './symbols';

export function registerEditing(context: vscode.ExtensionContext, services: EditorServices): void {
  const known = new KnownSecrets(services.secrets);
  context.subscriptions.push(known);
  registerSecretDiagnostics(context, services.diagnostics, known);
  registerCompletion(context, services.secrets);
  registerHover(context, services.secrets, services.parses);
  registerCodeActions(context, known, services.parses);
  registerSymbols(context, services.parses);
  registerStoreSecret(context, services.secrets);
  registerNewIntegration(context);
  registerImportCurl(context, services.secrets);
  registerImportSpec(context);
}
