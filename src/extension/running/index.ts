/**
 * Run, the response panel, Test Explorer and the run log: builds the pieces and wires them.
 * Everything here registers synchronously; the engine loads on first use (engine.ts).
 */
import * as vscode from 'vscode';
import { ResultPanels } from '../panel/panels';
import type { EditorServices } from '../services';
import { registerTestCommands } from '../testing/commands';
import { TestExplorer } from '../testing/controller';
import { registerCodeLens } from './codelens';
import { registerRunCommands } from './commands';
import { EnvironmentPicker } from './environment-picker';
import { LogChannel } from './log-channel';
import { PanelActions } from './panel-actions';
import { RunLogFiles } from './run-log-files';
import { Runner } from './runner';
import { registerSignIn } from './sign-in';

/** What the running area made, for the extension's API (api.ts, test-api.ts). */
export interface RunningParts {
  runner: Runner;
  panels: ResultPanels;
  log: LogChannel;
  runLogs: RunLogFiles;
  tests: TestExplorer;
}

export function registerRunning(context: vscode.ExtensionContext, services: EditorServices): RunningParts {
  const log = new LogChannel();
  const environments = new EnvironmentPicker(context.workspaceState, services.parses, services.diagnostics.onDidPublish);
  const runLogs = new RunLogFiles(context.globalStorageUri);
  const tests = new TestExplorer(services.parses, services.diagnostics.onDidPublish);
  const panels = new ResultPanels(context.extensionUri);
  const runner = new Runner(services, environments, panels, log, runLogs, vscode.Uri.joinPath(context.globalStorageUri, 'cache').fsPath);
  const actions = new PanelActions(runner, panels, environments);

  context.subscriptions.push(
    log,
    runner,
    environments,
    tests,
    panels,
    panels.onDidRequest((r) => {
      if (r.type === 'reveal') void actions.reveal(r.file, r.line, r.column);
      else if (r.type === 'copyCurl') void actions.copyAsCurl(r.file);
      else void actions.saveAsTest(r.file).catch((e: Error) => vscode.window.showErrorMessage(`Gateway Ion: ${e.message}`));
    }),
  );
  registerRunCommands(context, { runner, actions, runLogs, log });
  registerTestCommands(context, tests);
  registerCodeLens(context, services.parses);
  registerSignIn(context, services, environments);
  return { runner, panels, log, runLogs, tests };
}
