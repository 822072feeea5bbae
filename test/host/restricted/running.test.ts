import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { RunResult } from '../../../src/core/result';
import type { TestFileResult } from '../../../src/core/testing/types';
import { activateExtension, closeAllEditors, workspaceFile } from '../helpers';
import { startLoopback } from '../suite/running/loopback';

describe('Restricted Mode: Run is off, fixture tests run', function () {
  this.timeout(120000);
  after(closeAllEditors);

  it('Run refuses with a clear message and sends nothing', async () => {
    const api = await activateExtension();
    assert.equal(vscode.workspace.isTrusted, false);
    const server = await startLoopback();
    try {
      const uri = workspaceFile('sample.ion.yaml');
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      let asked = 0;
      api.setOriginPrompt(async () => {
        asked++;
        return 'always';
      });
      const result = await vscode.commands.executeCommand<RunResult>('gatewayIon.run', uri, { vars: { baseUrl: server.origin } });
      assert.equal(result.ok, false);
      assert.match(result.errors[0].message, /Restricted Mode/);
      assert.match(result.errors[0].hint, /trust the workspace/i);
      assert.equal(result.errors[0].code, 'cancelled');
      assert.equal(result.request, null);
      assert.deepEqual(result.attempts, []);
      assert.equal(server.seen.length, 0);
      assert.equal(asked, 0);
      const report = await api.panelRendered(uri);
      assert.equal(report.status, 'failed');
      assert.match(report.text, /Restricted Mode/);
      assert.equal(api.engineLoaded(), false);
    } finally {
      await server.close();
    }
  });

  it('fixture tests still run offline', async () => {
    const api = await activateExtension();
    const result = await vscode.commands.executeCommand<TestFileResult>('gatewayIon.test', workspaceFile('weather-lookup.ion.yaml'));
    assert.deepEqual(result.tests.map((t) => t.state), ['passed', 'passed', 'passed', 'passed']);
    const items = await api.testItems();
    assert.ok(items.some((i) => i.id === workspaceFile('sample.ion.yaml').toString()));
  });

  it('reads no SecretStorage value at all: editing, diagnostics, completion, hover, Run, fixture tests, Copy as cURL', async () => {
    const api = await activateExtension();
    const uri = workspaceFile('sample.ion.yaml');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(0, 0), '# edited in Restricted Mode\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await api.diagnosticsSettled(uri);
    const secretRef = doc.getText().indexOf('secret.sample_token') + 'secret.'.length;
    await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', uri, doc.positionAt(secretRef));
    await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, doc.positionAt(secretRef + 2));
    const run = await vscode.commands.executeCommand<RunResult>('gatewayIon.run', uri);
    assert.equal(run.ok, false);
    const tests = await vscode.commands.executeCommand<TestFileResult>('gatewayIon.test', uri);
    assert.deepEqual(tests.tests.map((t) => t.state), ['passed']);
    await vscode.commands.executeCommand('gatewayIon.copyAsCurl', uri).then(undefined, () => undefined);
    await api.runTests();
    assert.deepEqual(api.secretReads(), []);
  });
});
