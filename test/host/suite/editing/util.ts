/** Helpers of the editing host tests: open a document, find our items, settle diagnostics. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GatewayIonTestApi } from '../../../../src/extension/test-api';

const DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'ion-editing-'));
let counter = 0;

/**
 * Opens `content` as a new `.ion.yaml` file. A real file with a fresh name each time, not an
 * untitled document: the workbench reuses `Untitled-1` as soon as one closes, and a late close
 * event of the old one can race with the new one's diagnostics.
 */
export async function openIon(content: string): Promise<vscode.TextDocument> {
  const file = path.join(DIR, `t${++counter}.ion.yaml`);
  fs.writeFileSync(file, content);
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  await vscode.window.showTextDocument(doc);
  return doc;
}

/** `|` marks the cursor: the document without it and the position. */
export async function openAtCursor(marked: string): Promise<{ doc: vscode.TextDocument; position: vscode.Position }> {
  const offset = marked.indexOf('|');
  const doc = await openIon(marked.slice(0, offset) + marked.slice(offset + 1));
  return { doc, position: doc.positionAt(offset) };
}

export function codeOf(d: vscode.Diagnostic): string {
  const c = d.code;
  return typeof c === 'object' && c !== null ? String(c.value) : String(c);
}

export const label = (i: vscode.CompletionItem): string => (typeof i.label === 'string' ? i.label : i.label.label);

/**
 * Our completion items: word-based suggestions (kind Text) and the snippet file's entries (VS Code
 * offers those itself, labelled by their `ion-…` prefix) are left out.
 */
export async function completions(doc: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, position);
  return list.items.filter((i) => i.kind !== vscode.CompletionItemKind.Text && !(i.kind === vscode.CompletionItemKind.Snippet && label(i).startsWith('ion-')));
}

/** Errors and warnings of ours, as `line:col code` (1-based), after the diagnostics have caught up. */
export async function problems(api: GatewayIonTestApi, doc: vscode.TextDocument): Promise<string[]> {
  await api.diagnosticsSettled(doc.uri);
  return vscode.languages
    .getDiagnostics(doc.uri)
    .filter((d) => d.source === 'gateway-ion' && d.severity <= vscode.DiagnosticSeverity.Warning)
    .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${codeOf(d)} ${d.message}`);
}

/**
 * Resolves when `uri`'s diagnostics satisfy `accept` (checked now and on each change; no sleeping).
 * Fails after `failAfterMs` with what was there, so a hang reports itself instead of a bare mocha timeout.
 */
export function diagnosticsUntil(uri: vscode.Uri, accept: (d: vscode.Diagnostic[]) => boolean, failAfterMs = 30000): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const d = vscode.languages.getDiagnostics(uri);
      if (!accept(d)) return false;
      clearTimeout(timer);
      resolve(d);
      return true;
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString()) && check()) sub.dispose();
    });
    const timer = setTimeout(() => {
      sub.dispose();
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      reject(new Error(`diagnostics of ${uri.toString()} (open: ${!!open}, lang: ${open?.languageId}) never matched; now: ${JSON.stringify(vscode.languages.getDiagnostics(uri).map((d) => [codeOf(d), d.message]))}`));
    }, failAfterMs);
    if (check()) sub.dispose();
  });
}
