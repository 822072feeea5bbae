/**
 * Quick fixes for our diagnostics: the core's `quickFixes` for the core diagnostic that matches
 * each one in the context (same code and range; VS Code drops a diagnostic's `data`, so the
 * core diagnostics are taken from the document's latest parse again here).
 */
import * as vscode from 'vscode';
import type { Diagnostic } from '../../core/diagnostics';
import { quickFixes, STORE_SECRET_COMMAND, secretNotSetDiagnostics } from '../../core/editor';
import { DIAGNOSTIC_SOURCE, toVsRange } from '../diagnostics/adapter';
import type { ParsedDocuments } from '../parsed-documents';
import { LANGUAGE_ID } from '../language';
import { workspaceEditOf } from './convert';
import type { KnownSecrets } from './secret-diagnostics';

function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (typeof c === 'string' || typeof c === 'number') return String(c);
  return c ? String(c.value) : undefined;
}

class IonCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(
    private readonly known: KnownSecrets,
    private readonly parses: ParsedDocuments,
  ) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
    if (ours.length === 0) return [];
    const text = document.getText();
    const parsed = this.parses.get(document);
    const all: Diagnostic[] = [...parsed.diagnostics, ...secretNotSetDiagnostics(parsed, this.known.names())];
    const actions: vscode.CodeAction[] = [];
    for (const vd of ours) {
      const code = codeOf(vd);
      const core = all.find((d) => d.code === code && toVsRange(document, d.start, d.end).isEqual(vd.range));
      if (!core) continue;
      for (const fix of quickFixes(core, text)) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [vd];
        action.isPreferred = fix.preferred ?? false;
        if (fix.edits.length > 0) action.edit = workspaceEditOf(document, fix.edits);
        if (fix.command) {
          const args = fix.command.id === STORE_SECRET_COMMAND ? fix.command.args.map((a) => ({ ...(a as object), uri: document.uri.toString() })) : fix.command.args;
          action.command = { command: fix.command.id, title: fix.title, arguments: args };
        }
        actions.push(action);
      }
    }
    return actions;
  }
}

export function registerCodeActions(context: vscode.ExtensionContext, known: KnownSecrets, parses: ParsedDocuments): void {
  context.subscriptions.push(
    vscode.languages.registerCodeActionsProvider({ language: LANGUAGE_ID }, new IonCodeActions(known, parses), { providedCodeActionKinds: IonCodeActions.kinds }),
  );
}
