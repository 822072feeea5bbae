/**
 * CodeLenses: "Run", "Run without outputs" and "Test" on the integration's `name:` line (line 1
 * when there is none), "Run test" above each test. Off with `gatewayIon.codeLens.enabled: false`.
 */
import * as vscode from 'vscode';
import type { ParsedDocuments } from '../parsed-documents';
import { LANGUAGE_ID } from '../language';
import { testEntries } from '../testing/items';

/** A CodeLens provider for integration files: refreshed when `gatewayIon.codeLens.enabled` changes. */
export abstract class IonCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscription = vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('gatewayIon.codeLens.enabled')) this.changed.fire();
  });

  constructor(protected readonly parses: ParsedDocuments) {}

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  /** Whether lenses are on for this document (`gatewayIon.codeLens.enabled`). */
  protected enabled(document: vscode.TextDocument): boolean {
    return vscode.workspace.getConfiguration('gatewayIon', document.uri).get<boolean>('codeLens.enabled', true);
  }

  abstract provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] | Promise<vscode.CodeLens[]>;
}

class RunCodeLensProvider extends IonCodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!this.enabled(document)) return [];
    const parsed = this.parses.get(document);
    const nameAt = parsed.keyRangeOf(['name'])?.start;
    const top = new vscode.Range(document.positionAt(nameAt ?? 0), document.positionAt(nameAt ?? 0));
    const lenses = [
      new vscode.CodeLens(top, { title: '$(play) Run', command: 'gatewayIon.run', arguments: [document.uri], tooltip: 'Call the real API with your stored secrets' }),
      new vscode.CodeLens(top, { title: 'Run without outputs', command: 'gatewayIon.runWithoutOutputs', arguments: [document.uri], tooltip: 'Run, but do not write or send output.to' }),
      new vscode.CodeLens(top, { title: '$(beaker) Test', command: 'gatewayIon.test', arguments: [document.uri], tooltip: "Run the file's tests offline" }),
    ];
    for (const t of testEntries(parsed) ?? []) {
      const at = new vscode.Range(t.line, 0, t.line, 0);
      lenses.push(new vscode.CodeLens(at, { title: '$(beaker) Run test', command: 'gatewayIon.runTest', arguments: [document.uri, t.index], tooltip: `Run "${t.name}" offline` }));
    }
    return lenses;
  }
}

export function registerCodeLens(context: vscode.ExtensionContext, parses: ParsedDocuments): void {
  const provider = new RunCodeLensProvider(parses);
  context.subscriptions.push(provider, vscode.languages.registerCodeLensProvider({ language: LANGUAGE_ID }, provider));
}
