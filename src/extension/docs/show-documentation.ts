/**
 * "Gateway Ion: Show Documentation" (`gatewayIon.showDocumentation`): the file's generated
 * documentation (the same Markdown as `ion docs`) in VS Code's Markdown preview. The Markdown is
 * served by a read-only virtual document (`gateway-ion-docs:` scheme) that follows the file's
 * edits; the generator is loaded on first use (docs-view.ts).
 */
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { isIonDocument } from '../language';
import type { ParsedDocuments } from '../parsed-documents';
import { resolveFileUri } from '../running/target';
import { loadDocsView } from './load';

export const SHOW_DOCUMENTATION_COMMAND = 'gatewayIon.showDocumentation';
export const DOCS_SCHEME = 'gateway-ion-docs';


/** `gateway-ion-docs:/…/crm-customer.md?<the file's uri>`: the path names the preview's tab. */
export function docsUriFor(file: vscode.Uri): vscode.Uri {
  const name = `${basename(file.path).replace(/(\.ion)?\.ya?ml$/i, '')}.md`;
  return vscode.Uri.from({ scheme: DOCS_SCHEME, path: `/${name}`, query: file.toString() });
}

class DocsContentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  /** Source file uri → the docs uris shown for it. */
  private readonly shown = new Map<string, vscode.Uri>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly parses: ParsedDocuments) {
    this.subscription = vscode.workspace.onDidChangeTextDocument((e) => {
      const docs = this.shown.get(e.document.uri.toString());
      if (docs) this.changed.fire(docs);
    });
  }

  track(file: vscode.Uri, docs: vscode.Uri): void {
    this.shown.set(file.toString(), docs);
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const file = vscode.Uri.parse(uri.query);
    const document = await vscode.workspace.openTextDocument(file);
    if (!isIonDocument(document)) return `# Not an integration file\n\n${file.toString()} is not a Gateway Ion file (*.ion.yaml).\n`;
    const view = await loadDocsView();
    const markdown = view.integrationDocs(this.parses.get(document), { fileName: basename(file.path) });
    return markdown ?? `# ${basename(file.path)}\n\nThe file cannot be read as YAML yet: fix its syntax errors (see the Problems view), and this page follows.\n`;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

export function registerShowDocumentation(context: vscode.ExtensionContext, parses: ParsedDocuments): void {
  const provider = new DocsContentProvider(parses);
  context.subscriptions.push(
    provider,
    vscode.workspace.registerTextDocumentContentProvider(DOCS_SCHEME, provider),
    vscode.commands.registerCommand(SHOW_DOCUMENTATION_COMMAND, async (uriArg?: unknown) => {
      const file = resolveFileUri(uriArg, SHOW_DOCUMENTATION_COMMAND);
      const docs = docsUriFor(file);
      provider.track(file, docs);
      try {
        await vscode.commands.executeCommand('markdown.showPreview', docs);
      } catch {
        // Without the built-in Markdown extension: the Markdown itself, read-only.
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(docs), { viewColumn: vscode.ViewColumn.Beside, preview: true });
      }
      // The uri, for automation and tests: its text is the documentation.
      return docs.toString();
    }),
  );
}
