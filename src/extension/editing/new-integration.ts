/**
 * `gatewayIon.newIntegration`: asks a name, a pattern and an auth kind, creates `NAME.ion.yaml`
 * in the folder (the explorer's, the workspace's, or a chosen one) and opens it. Tests call it
 * with `{ name, pattern, auth, folder }` and get the new file's Uri.
 */
import * as vscode from 'vscode';
import { AUTH_KINDS, AUTH_LABELS, fileStem, newIntegrationText, PATTERNS, type AuthKind } from '../../core/editor';
import type { Pattern } from '../../core/model';
import { createAndOpen, targetFolder } from './files';

export interface NewIntegrationArgs {
  name?: string;
  pattern?: Pattern;
  auth?: AuthKind;
  folder?: string | vscode.Uri;
}

export function registerNewIntegration(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('gatewayIon.newIntegration', async (arg?: NewIntegrationArgs | vscode.Uri): Promise<vscode.Uri | undefined> => {
      const args: NewIntegrationArgs = arg instanceof vscode.Uri ? { folder: arg } : (arg ?? {});
      const name =
        args.name ??
        (await vscode.window.showInputBox({
          title: 'Gateway Ion: New Integration (1/3)',
          prompt: 'Name of the integration (also the file name)',
          placeHolder: 'github-user',
          ignoreFocusOut: true,
          validateInput: (v) => (fileStem(v) !== 'integration' || v.trim() === 'integration' ? undefined : 'Use letters and digits.'),
        }));
      if (!name) return undefined;
      const pattern =
        args.pattern ??
        (await vscode.window.showQuickPick(PATTERNS.map((p) => ({ label: p.label, description: p.description, id: p.id })), { title: 'Gateway Ion: New Integration (2/3): pattern', ignoreFocusOut: true }))?.id;
      if (!pattern || !PATTERNS.some((p) => p.id === pattern)) return undefined;
      const auth =
        args.auth ??
        (await vscode.window.showQuickPick(AUTH_KINDS.map((a) => ({ label: AUTH_LABELS[a], id: a })), { title: 'Gateway Ion: New Integration (3/3): auth', ignoreFocusOut: true }))?.id;
      if (!auth || !AUTH_KINDS.includes(auth)) return undefined;
      const folder = await targetFolder(args.folder);
      if (!folder) return undefined;
      return createAndOpen(folder, fileStem(name), newIntegrationText({ name, pattern, auth }));
    }),
  );
}
