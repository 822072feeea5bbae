import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { GatewayIonTestApi } from '../../../../src/extension/test-api';
import { activateExtension, closeAllEditors } from '../../helpers';
import { codeOf, diagnosticsUntil, openIon } from './util';

/** Auth and an endpoint that resolves, a payload example; no docs link, no rate limits: Ready 2/4. */
const TWO_OF_FOUR = `version: 1
name: ready
environments:
  dev: { baseUrl: "https://api.example.com" }
auth: { type: bearer, token: "{{ secret.ready_token }}" }
request:
  url: "{{ vars.baseUrl }}/items"
docs:
  owner: team-a
tests:
  - name: ok
    response: { status: 200, body: { items: [] } }
    expect: { ok: true }
`;

const readinessCodes = (d: vscode.Diagnostic[]) => d.filter((x) => x.source === 'gateway-ion' && codeOf(x).startsWith('readiness_')).map(codeOf).sort();

async function readinessLenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
  return lenses.filter((l) => l.command?.command === 'gatewayIon.readiness.show');
}

describe('editing: the readiness checklist in the real host', () => {
  let api: GatewayIonTestApi;
  before(async () => {
    api = await activateExtension();
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await closeAllEditors();
  });

  it('one "Ready N/4" CodeLens on the name line, one information diagnostic per missing item', async () => {
    const doc = await openIon(TWO_OF_FOUR);
    const diags = await diagnosticsUntil(doc.uri, (d) => readinessCodes(d).length === 2);
    assert.deepEqual(readinessCodes(diags), ['readiness_auth', 'readiness_rateLimits']);
    for (const d of diags.filter((x) => codeOf(x).startsWith('readiness_'))) assert.equal(d.severity, vscode.DiagnosticSeverity.Information);
    const lenses = await readinessLenses(doc.uri);
    assert.equal(lenses.length, 1);
    assert.match(lenses[0].command!.title, /Ready 2\/4$/);
    assert.equal(doc.lineAt(lenses[0].range.start.line).text, 'name: ready');
    // The lens's command opens the list (a quick pick), and returns the items.
    const picks = await vscode.commands.executeCommand<Array<{ item: string; met: boolean }>>(lenses[0].command!.command, ...(lenses[0].command!.arguments ?? []));
    assert.deepEqual(picks.map((p) => [p.item, p.met]), [['auth', false], ['rateLimits', false], ['endpoints', true], ['payloadExample', true]]);
  });

  it('quick fix "Declare the rate limits" adds docs.rateLimits; filled in, the diagnostic goes and the lens says 3/4', async () => {
    const doc = await openIon(TWO_OF_FOUR);
    const diags = await diagnosticsUntil(doc.uri, (d) => readinessCodes(d).includes('readiness_rateLimits'));
    const d = diags.find((x) => codeOf(x) === 'readiness_rateLimits')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, d.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title === 'Declare the rate limits (docs.rateLimits)');
    assert.ok(fix?.edit, JSON.stringify(actions.map((a) => a.title)));
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(doc.getText(), /^ {2}rateLimits: "?TODO/m);
    // Replace the placeholder with the API's real limit.
    const at = doc.getText().indexOf('TODO');
    const line = doc.lineAt(doc.positionAt(at).line);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, line.range, '  rateLimits: 5000 requests an hour per token');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await diagnosticsUntil(doc.uri, (x) => readinessCodes(x).join() === 'readiness_auth');
    await api.diagnosticsSettled(doc.uri);
    assert.match((await readinessLenses(doc.uri))[0].command!.title, /Ready 3\/4$/);
  });

  it('quick fixes "Add an API docs link" (an edit) and "Record a payload" (Save as test, for this file)', async () => {
    const doc = await openIon(TWO_OF_FOUR.replace(/tests:\n(.*\n)*/, ''));
    const diags = await diagnosticsUntil(doc.uri, (d) => readinessCodes(d).includes('readiness_payloadExample'));
    const payload = diags.find((x) => codeOf(x) === 'readiness_payloadExample')!;
    const [record] = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, payload.range, vscode.CodeActionKind.QuickFix.value);
    assert.equal(record.title, 'Record a payload: save the last run as a test (Save as test)');
    assert.equal(record.command?.command, 'gatewayIon.saveAsTest');
    assert.equal(String(record.command?.arguments?.[0]), doc.uri.toString());

    const auth = diags.find((x) => codeOf(x) === 'readiness_auth')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, auth.range, vscode.CodeActionKind.QuickFix.value);
    const link = actions.find((a) => a.title === 'Add an API docs link (docs.apiDocs)');
    assert.ok(link?.edit);
    assert.ok(await vscode.workspace.applyEdit(link.edit));
    assert.match(doc.getText(), /apiDocs:/);
  });

  it('gatewayIon.readiness.diagnostics: false turns the diagnostics off (the lens stays)', async () => {
    const doc = await openIon(TWO_OF_FOUR);
    await diagnosticsUntil(doc.uri, (d) => readinessCodes(d).length === 2);
    const config = vscode.workspace.getConfiguration('gatewayIon');
    await config.update('readiness.diagnostics', false, vscode.ConfigurationTarget.Global);
    try {
      await diagnosticsUntil(doc.uri, (d) => readinessCodes(d).length === 0);
      assert.equal((await readinessLenses(doc.uri)).length, 1);
    } finally {
      await config.update('readiness.diagnostics', undefined, vscode.ConfigurationTarget.Global);
    }
    await diagnosticsUntil(doc.uri, (d) => readinessCodes(d).length === 2);
  });

  it('Show Documentation: the generated Markdown (flow, configuration, troubleshooting) follows edits', async () => {
    const doc = await openIon(TWO_OF_FOUR);
    const docsUri = await vscode.commands.executeCommand<string>('gatewayIon.showDocumentation', doc.uri);
    assert.match(docsUri, /^gateway-ion-docs:/);
    const md = await vscode.workspace.openTextDocument(vscode.Uri.parse(docsUri));
    const text = md.getText();
    assert.match(text, /^# ready\n/);
    assert.match(text, /## Readiness \(2\/4\)/);
    assert.match(text, /```text\n\[manual\][^\n]*\n {2}-> \[request\] GET \{\{ vars\.baseUrl \}\}\/items/);
    assert.match(text, /\| `ready_token` \| `auth\.token` \| https:\/\/api\.example\.com \(dev\) \|/);
    assert.match(text, /## Troubleshooting/);
    // An edit of the file updates the documentation (the virtual document's provider fires).
    const updated = new Promise<void>((resolve) => {
      const sub = vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.toString() === md.uri.toString() && e.document.getText().startsWith('# renamed\n')) {
          sub.dispose();
          resolve();
        }
      });
    });
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, doc.lineAt(1).range, 'name: renamed');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await updated;
  });
});
