import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GatewayIonTestApi } from '../../../../src/extension/test-api';
import { activateExtension, closeAllEditors } from '../../helpers';
import { codeOf, diagnosticsUntil, openIon } from './util';

const SEVERITY: Record<number, string> = { 0: 'error', 1: 'warning', 2: 'information', 3: 'hint' };

function brokenDir(): string {
  const ws = vscode.workspace.workspaceFolders?.[0];
  if (!ws) throw new Error('no workspace');
  return path.resolve(ws.uri.fsPath, '../../fixtures/broken');
}

describe('editing: diagnostics of the broken corpus, at the right ranges', () => {
  let api: GatewayIonTestApi;
  before(async () => {
    api = await activateExtension();
  });
  after(closeAllEditors);

  const dir = brokenDir();
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.ion.yaml')).sort();
  it('finds the corpus', () => assert.ok(files.length >= 20, `${files.length} files in ${dir}`));

  for (const file of files) {
    it(`${file}: each expected diagnostic at its line and column, with code, source and README link`, async () => {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      const expected = [...text.matchAll(/^# expect: (\d+:\d+ \w+ \w+)\s*$/gm)].map((m) => m[1]);
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(dir, file)));
      assert.equal(doc.languageId, 'gateway-ion');
      await api.diagnosticsSettled(doc.uri);
      // The readiness checklist has its own tests (editing/readiness.test.ts).
      const ours = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'gateway-ion' && codeOf(d) !== 'secret_not_set' && !codeOf(d).startsWith('readiness_'));
      const got = ours
        .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${SEVERITY[d.severity]} ${codeOf(d)}`)
        .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
      assert.deepEqual(got, [...expected].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })));
      for (const d of ours) {
        assert.ok(!d.range.isEmpty, `${codeOf(d)} has a visible range`);
        const target = (d.code as { target: vscode.Uri }).target.toString(true);
        assert.equal(target, `https://github.com/gateway-ion/studio#diagnostic-${codeOf(d).replace(/_/g, '-')}`);
      }
    });
  }

  it('secret_not_set: information at the reference, with a README link; gone once the secret is set', async () => {
    const name = `unset_${Date.now()}`;
    const doc = await openIon(`version: 1\nname: s\nauth:\n  type: bearer\n  token: "{{ secret.${name} }}"\nrequest:\n  url: https://api.example.com/x\n`);
    const diags = await diagnosticsUntil(doc.uri, (d) => d.some((x) => codeOf(x) === 'secret_not_set'));
    const d = diags.find((x) => codeOf(x) === 'secret_not_set')!;
    assert.equal(d.severity, vscode.DiagnosticSeverity.Information);
    assert.equal(doc.getText(d.range), `secret.${name}`);
    assert.equal((d.code as { target: vscode.Uri }).target.toString(true), 'https://github.com/gateway-ion/studio#diagnostic-secret-not-set');
    assert.equal(diags.filter((x) => x.severity <= vscode.DiagnosticSeverity.Warning).length, 0);
    // A value for one environment is enough.
    assert.equal(await vscode.commands.executeCommand('gatewayIon.secrets.set', `${name}@acme`, 'v'), true);
    await diagnosticsUntil(doc.uri, (x) => !x.some((y) => codeOf(y) === 'secret_not_set'));
    await vscode.commands.executeCommand('gatewayIon.secrets.delete', `${name}@acme`);
    await diagnosticsUntil(doc.uri, (x) => x.some((y) => codeOf(y) === 'secret_not_set'));
  });
});
