/** Run, Test, the response panel, Test Explorer and the run log. Everything here registers synchronously; the engine loads on first use. */
import * as vscode from 'vscode';
import type { TestFileResult } from '../../core/testing/types';
import type { PanelReport, ToWebview } from '../../shared/messages';
import { ResultPanels } from '../panel/panels';
import type { OriginPrompt } from '../secrets/source';
import type { EditorServices } from '../services';
import { TestExplorer, type TestRunSummary } from '../testing/controller';
import { registerCodeLens } from './codelens';
import { engineLoaded } from './engine';
import { EnvironmentPicker } from './environment-picker';
import { RunLogTap } from './log-tap';
import { PanelActions } from './panel-actions';
import { RunLogFiles } from './run-log-files';
import { Runner } from './runner';
import { resolveFileUri } from './target';

/** Fields added to the extension's exported API (automation and the host tests). */
export interface RunningApi {
  /** Answers "send secret X to origin Y?" without the dialog; undefined restores the dialog. */
  setOriginPrompt(prompt: OriginPrompt | undefined): void;
  /** The panel script's report for the latest state posted to `file`'s panel. */
  panelRendered(file: vscode.Uri): Promise<PanelReport>;
  /** The messages posted to `file`'s panel (the last 50). */
  panelMessages(file: vscode.Uri): ToWebview[];
  /** What was written to the "Gateway Ion" log channel (the last 500 lines). */
  logLines(): string[];
  /** The run log file runs of `file` append to. */
  runLogPath(file?: vscode.Uri): string;
  /** Aborts `file`'s run in flight; false when none. */
  cancelRun(file: vscode.Uri): boolean;
  /** Whether the engine (undici, QuickJS) has been loaded yet. */
  engineLoaded(): boolean;
  /** Test Explorer's items after discovery: files and their tests. */
  testItems(): Promise<Array<{ id: string; label: string; children: Array<{ id: string; label: string; line: number | undefined }> }>>;
  /** Runs Test Explorer items by id (all when omitted) through the run profile's handler. */
  runTests(ids?: string[]): Promise<TestRunSummary>;
}

function findItem(controller: vscode.TestController, id: string): vscode.TestItem | undefined {
  let found: vscode.TestItem | undefined;
  controller.items.forEach((f) => {
    if (f.id === id) found = f;
    else f.children.forEach((c) => {
      if (c.id === id) found = c;
    });
  });
  return found;
}

export function registerRunning(context: vscode.ExtensionContext, services: EditorServices): RunningApi {
  const log = new RunLogTap();
  const environments = new EnvironmentPicker(context.workspaceState, services.parses, services.diagnostics.onDidPublish);
  const runLogs = new RunLogFiles(context.globalStorageUri);
  const tests = new TestExplorer(services.parses, services.diagnostics.onDidPublish);
  // The panel's handlers reach the actions through this late binding (they are built after the panels).
  const late: { actions?: PanelActions } = {};
  const panels = new ResultPanels(context.extensionUri, {
    reveal: (file, line, column) => void late.actions?.reveal(file, line, column),
    copyCurl: (file) => void late.actions?.copyAsCurl(file),
    saveAsTest: (file) => void late.actions?.saveAsTest(file).catch((e: Error) => vscode.window.showErrorMessage(`Gateway Ion: ${e.message}`)),
  });
  const runner = new Runner(services, environments, panels, log, runLogs);
  const actions = new PanelActions(runner, panels, environments);
  late.actions = actions;

  const runFileTests = async (uriArg: unknown, index?: number): Promise<TestFileResult> => {
    const file = resolveFileUri(uriArg, 'gatewayIon.test');
    const item = await tests.fileItem(file);
    const target = index === undefined ? item : item.children.get(`${item.id}#${index}`);
    if (!target) throw new Error(`gatewayIon.runTest: the file has no test #${index}`);
    const source = new vscode.CancellationTokenSource();
    try {
      const summary = await tests.run(new vscode.TestRunRequest([target]), source.token);
      const result = summary.files[0];
      const failed = result.error ? 1 : result.tests.filter((t) => t.state === 'failed').length;
      if (failed > 0) void vscode.window.showWarningMessage(`Gateway Ion: ${failed} test(s) failed in ${file.path.split('/').pop()}: see Test Explorer.`);
      return result;
    } finally {
      source.dispose();
    }
  };

  context.subscriptions.push(
    log,
    environments,
    tests,
    panels,
    vscode.commands.registerCommand('gatewayIon.run', (uri?: unknown, options?: unknown) => runner.run(uri, options, { outputs: true })),
    vscode.commands.registerCommand('gatewayIon.runWithoutOutputs', (uri?: unknown, options?: unknown) => runner.run(uri, options, { outputs: false })),
    vscode.commands.registerCommand('gatewayIon.test', (uri?: unknown) => runFileTests(uri)),
    vscode.commands.registerCommand('gatewayIon.runTest', (uri?: unknown, index?: unknown) => {
      if (typeof index !== 'number' || !Number.isInteger(index) || index < 0) throw new Error('gatewayIon.runTest: pass the file and the index of the test');
      return runFileTests(uri, index);
    }),
    vscode.commands.registerCommand('gatewayIon.saveAsTest', (uri?: unknown) => actions.saveAsTest(uri)),
    vscode.commands.registerCommand('gatewayIon.copyAsCurl', (uri?: unknown) => actions.copyAsCurl(uri)),
    vscode.commands.registerCommand('gatewayIon.showRunLog', async () => {
      const path = runLogs.pathFor(vscode.window.activeTextEditor?.document.uri);
      try {
        await vscode.window.showTextDocument(vscode.Uri.file(path), { preview: true });
      } catch {
        log.channel.show(true);
        void vscode.window.showInformationMessage(`Gateway Ion: no runs logged yet (the run log will be ${path}).`);
      }
    }),
  );
  registerCodeLens(context, services.parses);

  return {
    setOriginPrompt: (prompt) => runner.setOriginPrompt(prompt),
    panelRendered: (file) => panels.rendered(file),
    panelMessages: (file) => panels.messages(file),
    logLines: () => log.lines(),
    runLogPath: (file) => runLogs.pathFor(file),
    cancelRun: (file) => runner.cancel(file),
    engineLoaded,
    testItems: async () => {
      await tests.discover();
      tests.syncOpenDocuments();
      const out: Awaited<ReturnType<RunningApi['testItems']>> = [];
      tests.controller.items.forEach((f) => {
        const children: Array<{ id: string; label: string; line: number | undefined }> = [];
        f.children.forEach((c) => children.push({ id: c.id, label: c.label, line: c.range?.start.line }));
        out.push({ id: f.id, label: f.label, children });
      });
      return out;
    },
    runTests: async (ids) => {
      await tests.discover();
      tests.syncOpenDocuments();
      const include = ids?.map((id) => {
        const item = findItem(tests.controller, id);
        if (!item) throw new Error(`no test item ${id}`);
        return item;
      });
      const source = new vscode.CancellationTokenSource();
      try {
        return await tests.run(new vscode.TestRunRequest(include), source.token);
      } finally {
        source.dispose();
      }
    },
  };
}
