/**
 * Run history in the editor (README "Runs view", "Dashboard", "Alerts"), registered at activation
 * with nothing loaded: the Runs view's provider, the commands and the dashboard's serializer are
 * thin, and the work (impl.ts) is a split point (esbuild.mjs), dist/history.js, required the first
 * time a run lands, the view is shown or the dashboard is opened. Under tsx it is a plain import.
 */
import * as vscode from 'vscode';
import { secretNotSetDiagnostics } from '../../core/editor';
import { parseIntegration } from '../../core/parse';
import type { RunningParts } from '../running';
import type { RecordedRun } from '../running/runner';
import type { EditorServices } from '../services';
import type { TriggerHost } from '../triggers';
import type { History } from './impl';
import type { RunsNode } from './tree';

export type { History } from './impl';

const DASHBOARD_VIEW_TYPE = 'gatewayIon.dashboard';

export class HistoryHost implements vscode.Disposable {
  private loading: Promise<History> | undefined;
  private loaded: History | undefined;
  private readonly loadHooks: Array<(h: History) => void> = [];
  private readonly changed = new vscode.EventEmitter<RunsNode | undefined>();
  /** Fires after each run this host has taken in (stored, in the view, on the dashboard, alerted). */
  private readonly landed = new vscode.EventEmitter<RecordedRun>();
  readonly onDidLand = this.landed.event;
  readonly provider: vscode.TreeDataProvider<RunsNode>;

  constructor(
    private readonly services: EditorServices,
    private readonly running: RunningParts,
  ) {
    this.provider = {
      onDidChangeTreeData: this.changed.event,
      getChildren: async (node) => (await this.load()).tree.children(node),
      // Children come from the loaded history, so it is there when VS Code asks for an item.
      getTreeItem: (node) => this.loaded!.tree.item(node),
    };
  }

  load(): Promise<History> {
    this.loading ??= import('./impl').then((m) => {
      const { context, secrets } = this.services;
      this.loaded = m.createHistory({
        extensionUri: context.extensionUri,
        globalStorage: context.globalStorageUri,
        runLogs: this.running.runLogs,
        panels: this.running.panels,
        secrets,
        treeChanged: () => this.changed.fire(undefined),
        parse: parseIntegration,
        secretNotSet: secretNotSetDiagnostics,
      });
      for (const f of this.loadHooks) f(this.loaded);
      return this.loaded;
    });
    return this.loading;
  }

  /** Calls `f` with the history once it is loaded (at once if it is): the test hooks' observers. */
  whenLoaded(f: (h: History) => void): void {
    if (this.loaded) f(this.loaded);
    else this.loadHooks.push(f);
  }

  /** Whether dist/history.js has been loaded (the host tests check activation does not). */
  get isLoaded(): boolean {
    return this.loaded !== undefined;
  }

  /** The history if it is loaded. */
  get current(): History | undefined {
    return this.loaded;
  }

  recorded(run: RecordedRun): void {
    void this.load()
      .then((h) => h.recorded(run.entry, run.result))
      .then(() => this.landed.fire(run))
      .catch((e: unknown) => console.error(`Gateway Ion: run history: ${(e as Error).message}`));
  }

  dispose(): void {
    this.loaded?.dispose();
    this.changed.dispose();
    this.landed.dispose();
  }
}

export function registerHistory(context: vscode.ExtensionContext, services: EditorServices, running: RunningParts, triggers: TriggerHost): HistoryHost {
  const history = new HistoryHost(services, running);
  const fail = (e: unknown) => void vscode.window.showErrorMessage(`Gateway Ion: ${(e as Error).message}`);
  context.subscriptions.push(
    history,
    running.runner.onDidRecord((r) => history.recorded(r)),
    triggers.onDidRecord((r) => history.recorded(r)),
    vscode.window.createTreeView('gatewayIon.runs', { treeDataProvider: history.provider, showCollapseAll: true }),
    vscode.commands.registerCommand('gatewayIon.showDashboard', () => history.load().then((h) => h.dashboard.show(), fail)),
    vscode.commands.registerCommand('gatewayIon.runs.refresh', () => history.load().then((h) => h.reload(), fail)),
    vscode.commands.registerCommand('gatewayIon.runs.show', (node?: RunsNode) => (node ? history.load().then((h) => h.showNode(node), fail) : undefined)),
    vscode.window.registerWebviewPanelSerializer(DASHBOARD_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel) => (await history.load()).dashboard.restore(panel),
    }),
  );
  return history;
}
