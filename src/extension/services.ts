/** What activation builds once and hands to each area of the extension. */
import type * as vscode from 'vscode';
import type { ParsedDocuments } from './parsed-documents';
import type { DiagnosticsProvider } from './diagnostics/provider';
import type { SecretStore } from './secrets/store';

export interface EditorServices {
  context: vscode.ExtensionContext;
  secrets: SecretStore;
  diagnostics: DiagnosticsProvider;
  /** The latest parse of each open document (use at once; see parsed-documents.ts). */
  parses: ParsedDocuments;
}
