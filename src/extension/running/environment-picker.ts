/**
 * `gatewayIon.selectEnvironment` and the status bar item. The choice is remembered per file in
 * the workspace's state; the item shows the current environment while a gateway-ion file is active
 * (updated when the active file's diagnostics are published, i.e. once an edit has settled).
 */
import * as vscode from 'vscode';
import type { ParsedDocuments } from '../parsed-documents';
import type { PublishedParse } from '../diagnostics/provider';
import { isIonDocument } from '../language';
import { effectiveEnvironment, environmentNames } from './environments';

const STATE_KEY = 'gatewayIon.environments';

export class EnvironmentPicker implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly state: vscode.Memento,
    private readonly parses: ParsedDocuments,
    published: vscode.Event<PublishedParse>,
  ) {
    this.item = vscode.window.createStatusBarItem('gatewayIon.environment', vscode.StatusBarAlignment.Left, 50);
    this.item.name = 'Gateway Ion Environment';
    this.item.command = 'gatewayIon.selectEnvironment';
    this.subscriptions.push(
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.refresh()),
      // The provider publishes once an edit has settled (and when a document opens, also at activation).
      published(({ document }) => {
        if (document === vscode.window.activeTextEditor?.document) this.refresh();
      }),
      vscode.commands.registerCommand('gatewayIon.selectEnvironment', (name?: unknown, uri?: unknown) => this.select(name, uri)),
    );
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }

  /** The environment picked for `file` (may no longer exist in it). */
  picked(file: vscode.Uri): string | undefined {
    return this.state.get<Record<string, string>>(STATE_KEY, {})[file.toString()];
  }

  /** The environment a run of `document` uses when none is given. */
  current(document: vscode.TextDocument): string | null {
    return effectiveEnvironment(this.parses.get(document).value, this.picked(document.uri));
  }

  private async remember(file: vscode.Uri, name: string): Promise<void> {
    const all = { ...this.state.get<Record<string, string>>(STATE_KEY, {}) };
    all[file.toString()] = name;
    await this.state.update(STATE_KEY, all);
    this.refresh();
  }

  /** Picks an environment for a file: `name` when given (automation), else a quick pick. Returns the choice. */
  private async select(nameArg: unknown, uriArg: unknown): Promise<string | undefined> {
    const uri = uriArg instanceof vscode.Uri ? uriArg : typeof uriArg === 'string' ? vscode.Uri.parse(uriArg) : vscode.window.activeTextEditor?.document.uri;
    if (!uri) {
      void vscode.window.showInformationMessage('Open a Gateway Ion file (*.ion.yaml) to pick its environment.');
      return undefined;
    }
    const document = await vscode.workspace.openTextDocument(uri);
    const value = this.parses.get(document).value; // plain data: safe to keep across the awaits below
    const names = environmentNames(value);
    if (typeof nameArg === 'string' && nameArg) {
      if (!names.includes(nameArg)) throw new Error(`unknown environment '${nameArg}' (the file has: ${names.join(', ') || 'none'})`);
      await this.remember(uri, nameArg);
      return nameArg;
    }
    if (names.length === 0) {
      void vscode.window.showInformationMessage('This file defines no environments.');
      return undefined;
    }
    const current = effectiveEnvironment(value, this.picked(uri));
    const pick = await vscode.window.showQuickPick(
      names.map((n) => ({ label: n, description: n === current ? 'current' : n === value?.defaultEnvironment ? 'default' : undefined })),
      { title: 'Gateway Ion: environment for Run', placeHolder: current ?? undefined },
    );
    if (!pick) return undefined;
    await this.remember(uri, pick.label);
    return pick.label;
  }

  private refresh(): void {
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc || !isIonDocument(doc)) {
      this.item.hide();
      return;
    }
    const env = this.current(doc);
    this.item.text = `$(server-environment) ${env ?? 'no environment'}`;
    this.item.tooltip = 'Gateway Ion: the environment Run uses for this file (click to change)';
    this.item.show();
  }
}
