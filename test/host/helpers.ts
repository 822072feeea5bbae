/** Shared by the host tests: the extension's API, workspace files, waiting on diagnostics events. */
import * as vscode from 'vscode';
import type { GatewayIonTestApi } from '../../src/extension/test-api';

export const EXTENSION_ID = 'gateway-ion.gateway-ion';

export async function activateExtension(): Promise<GatewayIonTestApi> {
  const ext = vscode.extensions.getExtension<GatewayIonTestApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  const api = await ext.activate();
  await api.ready;
  return api;
}

export function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the host was started without a workspace folder');
  return vscode.Uri.joinPath(folder.uri, name);
}

/**
 * Resolves with the diagnostics of `uri` as soon as `accept` holds for them: checked now, then on
 * every `onDidChangeDiagnostics` for that uri. No polling, no sleeping (mocha's timeout bounds it).
 */
export function diagnosticsWhen(
  uri: vscode.Uri,
  accept: (diags: vscode.Diagnostic[]) => boolean,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve) => {
    const check = (): boolean => {
      const diags = vscode.languages.getDiagnostics(uri);
      if (!accept(diags)) return false;
      resolve(diags);
      return true;
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString()) && check()) sub.dispose();
    });
    if (check()) sub.dispose();
  });
}

/** Resolves when the host fires `onDidCloseTextDocument` for `uri`. Subscribe before closing. */
export function documentClosed(uri: vscode.Uri): Promise<void> {
  return new Promise((resolve) => {
    const sub = vscode.workspace.onDidCloseTextDocument((d) => {
      if (d.uri.toString() === uri.toString()) {
        sub.dispose();
        resolve();
      }
    });
  });
}

export const errorsOf = (diags: vscode.Diagnostic[]): vscode.Diagnostic[] =>
  diags.filter((d) => d.severity === vscode.DiagnosticSeverity.Error);

/** Closes every editor; dirty ones (untitled test documents) are reverted first, so no save prompt blocks. */
export async function closeAllEditors(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments) {
    // Only our own documents: VS Code may hold its settings.json dirty for a moment while a test's
    // configuration update is written, and showing it races with the workbench.
    const ours = doc.uri.scheme === 'untitled' || vscode.workspace.getWorkspaceFolder(doc.uri) !== undefined;
    if (!doc.isDirty || !ours) continue;
    try {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    } catch {
      // Another editor opened in the meantime: closeAllEditors below still closes it.
    }
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
