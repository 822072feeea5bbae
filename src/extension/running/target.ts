/** Which file a command acts on: a Uri or string argument (CodeLens, menus, automation), else the active gateway-ion editor. */
import * as vscode from 'vscode';
import { isIonDocument } from '../language';

export function resolveFileUri(arg: unknown, command: string): vscode.Uri {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string' && arg) return /^[a-z][a-z0-9+.-]*:\/\//i.test(arg) ? vscode.Uri.parse(arg) : vscode.Uri.file(arg);
  const doc = vscode.window.activeTextEditor?.document;
  if (doc && isIonDocument(doc)) return doc.uri;
  throw new Error(`${command}: open a Gateway Ion file (*.ion.yaml) first, or pass its URI`);
}
