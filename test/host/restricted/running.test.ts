import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { RunResult } from '../../../src/core/result';
import type { TestFileResult } from '../../../src/core/testing/types';
import { RESTRICTED_MESSAGE } from '../../../src/extension/running/restricted';
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
      assert.equal(result.errors[0].message, RESTRICTED_MESSAGE);
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
});
