/**
 * The run history in the editor: stored results, the Runs view, the dashboard and the alerts
 * (README "Runs view", "Dashboard", "Alerts"). In the build this file is its own bundle,
 * dist/history.js, required (index.ts) the first time a run lands, the Runs view is shown or the
 * dashboard is opened, so activation does not load it. It must not import modules with state of
 * their own that activation also loads (such as running/engine.ts).
 */
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { secretNotSetDiagnostics } from '../../core/editor';
import type { parseIntegration } from '../../core/parse';
import type { IntegrationFacts } from '../../core/report';
import type { RunLogEntry, RunResult } from '../../core/result';
import type { ResultPanels } from '../panel/panels';
import type { RunLogFiles } from '../running/run-log-files';
import type { SecretStore } from '../secrets/store';
import { EditorAlerts } from './alerts';
import { Dashboard } from './dashboard';
import { RunHistoryModel } from './model';
import { ResultStore } from './result-store';
import { RunsTree, type RunsNode } from './tree';

export interface HistoryDeps {
  extensionUri: vscode.Uri;
  globalStorage: vscode.Uri;
  runLogs: RunLogFiles;
  panels: ResultPanels;
  secrets: SecretStore;
  /** Fires the Runs view's change event. */
  treeChanged(): void;
  /** Handed in from activation's bundle, which has them already (this bundle would carry a second yaml and validator). */
  parse: typeof parseIntegration;
  secretNotSet: typeof secretNotSetDiagnostics;
}

const LINE_SCHEME = 'gateway-ion-run';

export type History = ReturnType<typeof createHistory>;

/**
 * Every run log shown: the ones the editor writes to (the extension's own, each folder's when the
 * setting says so) and each workspace folder's `.ion/runs.jsonl`, the CLI's (`ion run`, `ion serve`,
 * `npm run demo`), so their runs are in the view and on the dashboard too.
 */
function logPaths(runLogs: RunLogFiles): string[] {
  const paths = [runLogs.pathFor(undefined)];
  for (const f of vscode.workspace.workspaceFolders ?? []) {
    paths.push(runLogs.pathFor(f.uri));
    if (f.uri.scheme === 'file') paths.push(join(f.uri.fsPath, '.ion', 'runs.jsonl'));
  }
  return [...new Set(paths)];
}

/** The workspace's integration files as report facts: names, environments, schedules, secrets not set (names only). */
async function workspaceFacts(deps: HistoryDeps): Promise<{ facts: IntegrationFacts[]; files: number }> {
  const uris = await vscode.workspace.findFiles('**/*.{ion.yaml,ion.yml}', '**/node_modules/**', 500);
  const facts: IntegrationFacts[] = [];
  const known = deps.secrets.names();
  for (const uri of uris) {
    let text: string;
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      continue;
    }
    const parsed = deps.parse(text, { fileName: uri.fsPath });
    const f = parsed.value;
    if (!f || typeof f.name !== 'string') continue;
    const missing = [...new Set(deps.secretNotSet(parsed, known).map((d) => String((d.data as { secretName?: string } | undefined)?.secretName ?? '')))].filter(Boolean);
    facts.push({
      integration: f.name,
      file: uri.fsPath,
      environments: Object.keys(f.environments ?? {}),
      defaultEnvironment: f.defaultEnvironment,
      ...(f.trigger?.type === 'schedule' ? { cron: f.trigger.cron, timezone: f.trigger.timezone } : {}),
      ...(missing.length > 0 ? { missingSecrets: missing } : {}),
    });
  }
  return { facts, files: uris.length };
}

export function createHistory(deps: HistoryDeps) {
  const model = new RunHistoryModel(() => logPaths(deps.runLogs));
  const store = new ResultStore(vscode.Uri.joinPath(deps.globalStorage, 'results').fsPath);
  const tree = new RunsTree(model, store);
  const lines = new Map<string, string>();
  const disposables: vscode.Disposable[] = [
    vscode.workspace.registerTextDocumentContentProvider(LINE_SCHEME, { provideTextDocumentContent: (uri) => lines.get(uri.toString()) ?? '' }),
  ];

  /** Reopens a stored run in its file's response panel, exactly as a fresh run is shown; false when it is not kept. */
  const openStored = async (integration: string, file: string, runId: string): Promise<boolean> => {
    const stored = await store.get(integration, file, runId);
    if (!stored) return false;
    deps.panels.show(vscode.Uri.file(file), {
      result: stored.result,
      curl: null,
      canSaveAsTest: false,
      notice: `A stored ${stored.entry.trigger} run of ${new Date(stored.entry.ts).toLocaleString()} (run ${runId}).`,
    });
    return true;
  };

  /** A run without a stored result: its run log line in a read-only document. */
  const openLine = async (entry: RunLogEntry): Promise<void> => {
    const uri = vscode.Uri.from({ scheme: LINE_SCHEME, path: `/${entry.integration}/${entry.runId ?? entry.ts}.json` });
    lines.set(uri.toString(), `${JSON.stringify(entry, null, 2)}\n`);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: true });
  };

  const showRun = async (integration: string, file: string | null, runId: string): Promise<void> => {
    await model.load();
    const entry = model.find(runId);
    const path = file ?? entry?.file;
    if (path && (await openStored(integration, path, runId))) return;
    if (entry) return openLine(entry);
    void vscode.window.showInformationMessage(`Gateway Ion: run ${runId} is no longer in the run log.`);
  };

  const dashboard = new Dashboard(deps.extensionUri, model, {
    showRun: (integration, file, runId) => void showRun(integration, file, runId),
    facts: () => workspaceFacts(deps),
  });
  const alerts = new EditorAlerts(deps.parse, (integration, file, runId) => showRun(integration, file, runId));
  disposables.push(dashboard);

  return {
    model,
    store,
    tree,
    dashboard,
    alerts,
    showRun,
    /** The Runs view's `gatewayIon.runs.show` (a node of the view). */
    async showNode(node: RunsNode): Promise<void> {
      if (node.kind !== 'run') return;
      const e = node.entry;
      if (e.runId && (await openStored(e.integration, e.file, e.runId))) return;
      await openLine(e);
    },
    /** A run landed (editor or trigger host): keep its result, update the view and the dashboard, maybe alert. */
    async recorded(entry: RunLogEntry, result: RunResult): Promise<void> {
      await store.put(entry, result).catch((e: unknown) => console.error(`Gateway Ion: storing run ${entry.runId}: ${(e as Error).message}`));
      tree.invalidate(entry.integration);
      // Before the view or the dashboard read the logs, there is nothing to update: they will read this line.
      if (model.started) model.add(entry);
      deps.treeChanged();
      dashboard.update(entry.integration);
      await alerts.observe(entry, result.errors[0]?.hint);
    },
    async reload(): Promise<void> {
      await model.reload();
      deps.treeChanged();
      if (dashboard.isOpen) await dashboard.refresh();
    },
    dispose(): void {
      for (const d of disposables) d.dispose();
    },
  };
}
