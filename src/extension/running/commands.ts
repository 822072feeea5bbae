/** The run commands: Run, Run without outputs, Run (ignore cache), Save as test, Copy as cURL and Show run log. */
import * as vscode from 'vscode';
import type { LogChannel } from './log-channel';
import type { PanelActions } from './panel-actions';
import type { RunLogFiles } from './run-log-files';
import type { Runner } from './runner';

export function registerRunCommands(context: vscode.ExtensionContext, parts: { runner: Runner; actions: PanelActions; runLogs: RunLogFiles; log: LogChannel }): void {
  const { runner, actions, runLogs, log } = parts;
  context.subscriptions.push(
    vscode.commands.registerCommand('gatewayIon.run', (uri?: unknown, options?: unknown) => runner.run(uri, options, { outputs: true })),
    vscode.commands.registerCommand('gatewayIon.runWithoutOutputs', (uri?: unknown, options?: unknown) => runner.run(uri, options, { outputs: false })),
    // Run (ignore cache): the cache is not read; the fresh response is stored (README "Caching responses").
    vscode.commands.registerCommand('gatewayIon.runNoCache', (uri?: unknown, options?: unknown) => runner.run(uri, options, { outputs: true, noCache: true })),
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
}
