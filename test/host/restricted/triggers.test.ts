import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { activateExtension } from '../helpers';

describe('Restricted Mode: triggers do not start', function () {
  this.timeout(60000);

  it('Start Triggers refuses with a clear message: no child, no secret read', async () => {
    const api = await activateExtension();
    assert.equal(vscode.workspace.isTrusted, false);
    const reads = api.secretReads().length;
    const started = await vscode.commands.executeCommand('gatewayIon.triggers.start', { port: 0, quiet: true });
    assert.equal(started, undefined);
    assert.equal(api.triggersInfo(), undefined);
    assert.deepEqual(api.triggerSecretRequests(), []);
    assert.equal(api.secretReads().length, reads);
    assert.match(api.logLines().join('\n'), /Start Triggers: .*Restricted Mode/);
  });
});
