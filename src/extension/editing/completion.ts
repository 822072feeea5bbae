/** Completion provider: the core's `complete` as VS Code items (ours only, never word-based guesses). */
import * as vscode from 'vscode';
import type { CompletionEntry, CompletionKind } from '../../core/editor';
import { LANGUAGE_ID } from '../language';
import type { SecretStoreApi } from '../secrets/store';
import { rangeOf } from './convert';
import { loadEditorExtras } from './lazy';

const KINDS: Record<CompletionKind, vscode.CompletionItemKind> = {
  property: vscode.CompletionItemKind.Property,
  value: vscode.CompletionItemKind.EnumMember,
  snippet: vscode.CompletionItemKind.Snippet,
  namespace: vscode.CompletionItemKind.Module,
  reference: vscode.CompletionItemKind.Variable,
  builtin: vscode.CompletionItemKind.Constant,
};

function toCompletionItem(document: vscode.TextDocument, e: CompletionEntry): vscode.CompletionItem {
  const item = new vscode.CompletionItem(e.label, KINDS[e.kind]);
  item.insertText = e.snippet ? new vscode.SnippetString(e.insertText) : e.insertText;
  item.range = rangeOf(document, e.replaceStart, e.replaceEnd);
  item.sortText = e.sortText;
  if (e.detail) item.detail = e.detail;
  if (e.documentation) item.documentation = new vscode.MarkdownString(e.documentation);
  if (e.retrigger) item.command = { command: 'editor.action.triggerSuggest', title: 'more' };
  return item;
}

export function registerCompletion(context: vscode.ExtensionContext, secrets: SecretStoreApi): void {
  context.subscriptions.push(
    vscode.languages.registerCompletionItemProvider(
      { language: LANGUAGE_ID },
      {
        async provideCompletionItems(document, position) {
          const { complete } = await loadEditorExtras();
          const entries = complete(document.getText(), document.offsetAt(position), { secretNames: secrets.names() });
          return new vscode.CompletionList(entries.map((e) => toCompletionItem(document, e)), false);
        },
      },
      '.',
      '{',
      ' ',
      ':',
      '-',
    ),
  );
}
