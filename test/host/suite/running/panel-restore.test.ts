import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { RunResult } from '../../../../src/core/result';
import type { GatewayIonTestApi } from '../../../../src/extension/test-api';
import { activateExtension, workspaceFile } from '../../helpers';
import { startLoopback, type Loopback } from './loopback';

/** The tabs of our response panels (the workbench prefixes the view type). */
const panelTabs = (): vscode.Tab[] =>
  vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('gatewayIon.result'));

/** Resolves when no response panel tab is left (checked now, then on every tab change). */
function panelsClosed(): Promise<void> {
  return new Promise((resolve) => {
    if (panelTabs().length === 0) return resolve();
    const sub = vscode.window.tabGroups.onDidChangeTabs(() => {
      if (panelTabs().length > 0) return;
      sub.dispose();
      resolve();
    });
  });
}

/**
 * The panel serializer (`registerWebviewPanelSerializer` in src/extension/panel/panels.ts): a
 * closed response panel reopened by the workbench ("Reopen Closed Editor", the same revival as
 * after a window reload) comes back through our serializer with the run it showed, and is the
 * panel the next run of that file uses.
 */
describe('Response panel: restored by the serializer (real host)', function () {
  this.timeout(60000);
  let api: GatewayIonTestApi;
  let server: Loopback;
  const uri = workspaceFile('sample.ion.yaml');
  const run = (login: string) =>
    vscode.commands.executeCommand<RunResult>('gatewayIon.run', uri, { vars: { baseUrl: server.origin }, input: { login } });

  before(async () => {
    api = await activateExtension();
    server = await startLoopback();
    api.setOriginPrompt(async () => 'once');
    assert.equal(await vscode.commands.executeCommand('gatewayIon.secrets.set', 'sample_token', 'panel-restore-token'), true);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  });
  after(async () => {
    api.setOriginPrompt(undefined);
    await server.close();
  });

  it('a closed panel reopened by the workbench shows its run again and serves the next run', async () => {
    assert.equal((await run('ada-restored')).ok, true);
    const shown = await api.panelRendered(uri);
    assert.equal(shown.status, 'ok');
    assert.match(shown.text, /ada-restored/);
    assert.equal(panelTabs().length, 1);

    console.log('XDBG shown', panelTabs().map((t) => t.label));
    const closed = panelsClosed();
    await vscode.window.tabGroups.close(panelTabs());
    await closed;
    console.log('XDBG closed');

    const restored = api.nextPanelReport(uri);
    await vscode.commands.executeCommand('workbench.action.reopenClosedEditor');
    console.log('XDBG reopened', panelTabs().map((t) => t.label), vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label));
    const report = await restored;
    console.log('XDBG report', JSON.stringify(report).slice(0, 300));
    // The script found its saved state (setState) and rendered it before anything was posted.
    assert.equal(report.status, 'restored');
    assert.match(report.text, /ada-restored/);
    assert.deepEqual(report.sections, shown.sections);
    assert.equal(report.seq, shown.seq);
    assert.equal(panelTabs().length, 1, 'one panel, revived');

    // The revived panel is adopted: the next run shows in it, not in a second panel.
    assert.equal((await run('grace-next')).ok, true);
    const next = await api.panelRendered(uri);
    assert.equal(next.status, 'ok');
    assert.match(next.text, /grace-next/);
    assert.equal(panelTabs().length, 1, 'the next run reused the restored panel');
  });
});
