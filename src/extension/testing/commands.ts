/** The Test commands: `gatewayIon.test` (a file's tests) and `gatewayIon.runTest` (one test by index), run through Test Explorer. */
import * as vscode from 'vscode';
import type { TestFileResult } from '../../core/testing';
import { resolveFileUri } from '../running/target';
import type { TestExplorer } from './controller';

export function registerTestCommands(context: vscode.ExtensionContext, tests: TestExplorer): void {
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
    vscode.commands.registerCommand('gatewayIon.test', (uri?: unknown) => runFileTests(uri)),
    vscode.commands.registerCommand('gatewayIon.runTest', (uri?: unknown, index?: unknown) => {
      if (typeof index !== 'number' || !Number.isInteger(index) || index < 0) throw new Error('gatewayIon.runTest: pass the file and the index of the test');
      return runFileTests(uri, index);
    }),
  );
}
