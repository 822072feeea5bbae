/** Outline: each section, each test by name, each environment, each output (the core's `outline`). */
import * as vscode from 'vscode';
import { outline, type OutlineKind, type OutlineSymbol } from '../../core/editor';
import type { ParsedDocuments } from '../parsed-documents';
import { LANGUAGE_ID } from '../language';
import { rangeOf } from './convert';

const KINDS: Record<OutlineKind, vscode.SymbolKind> = {
  section: vscode.SymbolKind.Module,
  test: vscode.SymbolKind.Method,
  environment: vscode.SymbolKind.Namespace,
  output: vscode.SymbolKind.Event,
  key: vscode.SymbolKind.Property,
};

function toSymbol(document: vscode.TextDocument, s: OutlineSymbol): vscode.DocumentSymbol {
  const range = rangeOf(document, s.start, Math.max(s.end, s.start));
  let selection = rangeOf(document, s.selectionStart, Math.max(s.selectionEnd, s.selectionStart));
  if (!range.contains(selection)) selection = new vscode.Range(range.start, range.start);
  const out = new vscode.DocumentSymbol(s.name, s.detail, KINDS[s.kind], range, selection);
  out.children = s.children.map((c) => toSymbol(document, c));
  return out;
}

export function registerSymbols(context: vscode.ExtensionContext, parses: ParsedDocuments): void {
  context.subscriptions.push(
    vscode.languages.registerDocumentSymbolProvider(
      { language: LANGUAGE_ID },
      {
        provideDocumentSymbols(document) {
          return outline(parses.get(document)).map((s) => toSymbol(document, s));
        },
      },
      { label: 'Gateway Ion' },
    ),
  );
}
