import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { activateExtension, workspaceFile } from '../../helpers';

describe('running: activation stays cheap', () => {
  it('registers the running commands without loading the engine (undici, QuickJS)', async () => {
    const api = await activateExtension();
    const commands = await vscode.commands.getCommands(true);
    for (const c of ['gatewayIon.run', 'gatewayIon.runWithoutOutputs', 'gatewayIon.test', 'gatewayIon.runTest', 'gatewayIon.selectEnvironment', 'gatewayIon.copyAsCurl', 'gatewayIon.saveAsTest', 'gatewayIon.showRunLog']) {
      assert.ok(commands.includes(c), c);
    }
    assert.equal(api.engineLoaded(), false);
  });

  it('shows Run, Run without outputs and Test on the name line, and Run test above each test', async () => {
    await activateExtension();
    const uri = workspaceFile('sample.ion.yaml');
    const doc = await vscode.workspace.openTextDocument(uri);
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
    const ours = lenses.filter((l) => l.command?.command.startsWith('gatewayIon.'));
    const nameLine = doc.getText().split('\n').findIndex((l) => l.startsWith('name:'));
    const top = ours.filter((l) => l.range.start.line === nameLine).map((l) => l.command!.command);
    assert.deepEqual(top, ['gatewayIon.run', 'gatewayIon.runWithoutOutputs', 'gatewayIon.test']);
    const runTest = ours.filter((l) => l.command!.command === 'gatewayIon.runTest');
    assert.equal(runTest.length, 1);
    assert.match(doc.lineAt(runTest[0].range.start.line).text, /- name: happy path/);
    assert.deepEqual(runTest[0].command!.arguments?.[1], 0);
  });
});
