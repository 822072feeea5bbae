import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { activateExtension, closeAllEditors, diagnosticsWhen, errorsOf, workspaceFile } from '../helpers';

describe('Restricted Mode (Workspace Trust on, workspace untrusted)', () => {
  before(() => {
    // A precondition of this launch, not a test of ours.
    if (vscode.workspace.isTrusted) throw new Error('the Restricted Mode launch must run with the workspace untrusted');
  });
  after(closeAllEditors);

  it('still activates the extension and gives diagnostics', async () => {
    const api = await activateExtension();
    const uri = workspaceFile('broken.ion.yaml');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.languageId, 'gateway-ion');
    const diags = await diagnosticsWhen(uri, (d) => errorsOf(d).length > 0);
    assert.equal(errorsOf(diags)[0].range.start.line, 5);
    await api.diagnosticsSettled(uri);
  });
});
