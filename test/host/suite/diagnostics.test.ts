import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GatewayIonTestApi } from '../../../src/extension/test-api';
import { activateExtension, closeAllEditors, diagnosticsWhen, documentClosed, errorsOf, workspaceFile } from '../helpers';

describe('gateway-ion diagnostics in the real extension host', () => {
  let api: GatewayIonTestApi;
  before(async () => {
    // A precondition of this launch (Workspace Trust off), not a test of ours.
    if (!vscode.workspace.isTrusted) throw new Error('the default host launch must run with Workspace Trust off');
    api = await activateExtension();
  });
  afterEach(closeAllEditors);

  // sample.ion.yaml is ours; the other two are copies of files in examples/.
  for (const name of ['sample.ion.yaml', 'crm-customer.ion.yaml', 'weather-lookup.ion.yaml']) {
    it(`gives ${name} the gateway-ion language and no error diagnostics`, async () => {
      const uri = workspaceFile(name);
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc);
      assert.equal(doc.languageId, 'gateway-ion');
      await api.diagnosticsSettled(uri);
      const errors = errorsOf(vscode.languages.getDiagnostics(uri));
      assert.deepEqual(errors.map((d) => `${d.range.start.line + 1}: ${d.message}`), []);
    });
  }

  it('reports the YAML error of a broken file at its line, with source, code and link', async () => {
    const uri = workspaceFile('broken.ion.yaml');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.languageId, 'gateway-ion');
    const diags = await diagnosticsWhen(uri, (d) => errorsOf(d).length > 0);
    const d = errorsOf(diags).find((x) => (x.code as { value: string }).value === 'yaml_syntax');
    assert.ok(d, `a yaml_syntax error; got ${JSON.stringify(diags.map((x) => x.message))}`);
    // broken.ion.yaml line 6 (1-based) is `  method: GET: POST`; the error starts at `GET`.
    assert.equal(d.range.start.line, 5);
    assert.equal(doc.lineAt(5).text, '  method: GET: POST');
    assert.equal(d.range.start.character, 10);
    assert.equal(d.source, 'gateway-ion');
    const code = d.code as { value: string; target: vscode.Uri };
    assert.equal(code.target.toString(true), 'https://github.com/gateway-ion/studio#diagnostic-yaml-syntax');
  });

  it('clears the diagnostics when the document is closed', async () => {
    // A file no other test opens, and opened through the editor only: `openTextDocument` makes the
    // host keep a document alive for minutes after its editor closes.
    const uri = workspaceFile('closing.ion.yaml');
    await vscode.commands.executeCommand('vscode.open', uri);
    await diagnosticsWhen(uri, (d) => d.length > 0);
    const closed = documentClosed(uri);
    await closeAllEditors();
    await closed;
    await diagnosticsWhen(uri, (d) => d.length === 0);
    await api.diagnosticsSettled(uri);
    assert.equal(vscode.languages.getDiagnostics(uri).length, 0);
  });

  it('follows edits: fixing the error clears it, breaking the file again brings it back', async () => {
    const doc = await vscode.workspace.openTextDocument({
      language: 'gateway-ion',
      content: 'version: 1\nname: edited\nrequest:\n  method: GET: POST\n  url: http://127.0.0.1/\n',
    });
    await vscode.window.showTextDocument(doc);
    const first = await diagnosticsWhen(doc.uri, (d) => errorsOf(d).length > 0);
    assert.equal(errorsOf(first)[0].range.start.line, 3);

    const fix = new vscode.WorkspaceEdit();
    fix.replace(doc.uri, doc.lineAt(3).range, '  method: GET');
    assert.ok(await vscode.workspace.applyEdit(fix));
    await api.diagnosticsSettled(doc.uri);
    assert.deepEqual(errorsOf(vscode.languages.getDiagnostics(doc.uri)), []);

    // Several quick edits: the debounced result reflects the last text only.
    for (const text of ['  method: GET: PUT', '  method: GET', '  url: "unclosed']) {
      const e = new vscode.WorkspaceEdit();
      e.replace(doc.uri, doc.lineAt(text.startsWith('  url') ? 4 : 3).range, text);
      assert.ok(await vscode.workspace.applyEdit(e));
    }
    await api.diagnosticsSettled(doc.uri);
    const last = errorsOf(vscode.languages.getDiagnostics(doc.uri));
    assert.equal(last.length, 1, JSON.stringify(last.map((d) => d.message)));
    assert.match(last[0].message, /quote/i);
  });

  it('leaves documents of other languages alone', async () => {
    // The same broken text as a YAML file and as one of ours. Ours is opened and edited after the
    // YAML one each time, and a publish for it comes after any publish scheduled earlier (same
    // delays), so once ours shows the edit, a wrong publish for the YAML file would be there too.
    const broken = 'version: 1\nname: other\nrequest:\n  method: GET: POST\n';
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ion-other-'));
    fs.writeFileSync(path.join(dir, 'plain.yaml'), broken);
    fs.writeFileSync(path.join(dir, 'ours.ion.yaml'), broken);
    const yamlDoc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(dir, 'plain.yaml')));
    const ionDoc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(dir, 'ours.ion.yaml')));
    assert.equal(yamlDoc.languageId, 'yaml');
    await diagnosticsWhen(ionDoc.uri, (d) => errorsOf(d).some((x) => x.range.start.line === 3));
    for (const doc of [yamlDoc, ionDoc]) {
      const edit = new vscode.WorkspaceEdit();
      edit.insert(doc.uri, new vscode.Position(0, 0), '# edited\n');
      assert.ok(await vscode.workspace.applyEdit(edit));
    }
    await diagnosticsWhen(ionDoc.uri, (d) => errorsOf(d).some((x) => x.range.start.line === 4));
    await api.diagnosticsSettled(ionDoc.uri);
    await api.diagnosticsSettled(yamlDoc.uri);
    assert.deepEqual(
      vscode.languages.getDiagnostics(yamlDoc.uri).filter((d) => d.source === 'gateway-ion'),
      [],
    );
    // Saved, so closing leaves no dirty document behind (they are outside the workspace).
    for (const doc of [yamlDoc, ionDoc]) assert.ok(await doc.save());
  });
});
