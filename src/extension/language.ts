/** Our language id (package.json `contributes.languages`). */
import type * as vscode from 'vscode';

export const LANGUAGE_ID = 'gateway-ion';

export function isIonDocument(document: vscode.TextDocument): boolean {
  return document.languageId === LANGUAGE_ID;
}
