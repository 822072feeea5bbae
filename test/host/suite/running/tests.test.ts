import { strict as assert } from 'node:assert';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { RunResult } from '../../../../src/core/result';
import type { TestFileResult } from '../../../../src/core/testing/types';
import type { GatewayIonTestApi } from '../../../../src/extension/test-api';
import { activateExtension, workspaceFile } from '../../helpers';
import { startLoopback, type Loopback } from './loopback';

const MISMATCH = `version: 1
name: mismatch
request: { method: GET, url: "http://127.0.0.1:9/thing" }
tests:
  - name: passes
    response: { status: 200, body: { a: 1 } }
    expect: { output: { a: 1 } }
  - name: output differs
    response: { status: 200, body: { a: 1, b: [1, 2] } }
    expect: { output: { a: 2, b: [1, 2] } }
`;

describe('Test Explorer and Save as test (real host)', function () {
  this.timeout(120000);
  let api: GatewayIonTestApi;
  let dir: string;
  before(async () => {
    api = await activateExtension();
    dir = await mkdtemp(join(tmpdir(), 'ion-host-tests-'));
  });

  it("finds the workspace files' tests, with their lines", async () => {
    const items = await api.testItems();
    const weather = items.find((i) => i.id === workspaceFile('weather-lookup.ion.yaml').toString());
    assert.ok(weather, JSON.stringify(items.map((i) => i.id)));
    assert.deepEqual(weather.children.map((c) => c.label), [
      'the current weather is normalised',
      'an unknown city is a normal result (404 listed in validate.status)',
      'the production environment reads the same shape',
      'a reading without main fails validation',
    ]);
    assert.ok(weather.children.every((c) => typeof c.line === 'number' && c.line > 0));
  });

  it('shows why a file\'s tests cannot be read on its item instead of dropping it', async () => {
    const items = await api.testItems();
    const broken = items.find((i) => i.id === workspaceFile('broken.ion.yaml').toString());
    assert.ok(broken, `broken.ion.yaml has no item: ${JSON.stringify(items.map((i) => i.id))}`);
    assert.match(broken.error ?? '', /^line 6: .*its tests cannot be read/);
    assert.deepEqual(broken.children, []);
    const weather = items.find((i) => i.id === workspaceFile('weather-lookup.ion.yaml').toString());
    assert.equal(weather?.error, undefined);
  });

  it("runs a file's tests offline and reports them passed", async () => {
    const id = workspaceFile('weather-lookup.ion.yaml').toString();
    const summary = await api.runTests([id]);
    assert.equal(summary.files.length, 1);
    assert.deepEqual(summary.reported.map((r) => r.state), ['passed', 'passed', 'passed', 'passed']);
  });

  it('reports an output mismatch as a diff of expected and actual at the test line; follows edits', async () => {
    const file = join(dir, 'mismatch.ion.yaml');
    await writeFile(file, MISMATCH);
    const uri = vscode.Uri.file(file);
    const doc = await vscode.workspace.openTextDocument(uri);
    const summary = await api.runTests([uri.toString()]);
    const failed = summary.reported.find((r) => r.state === 'failed');
    assert.ok(failed, JSON.stringify(summary.reported));
    assert.equal(failed.id, `${uri.toString()}#1`);
    assert.deepEqual(JSON.parse(failed.messages[0].expected!), { a: 2, b: [1, 2] });
    assert.deepEqual(JSON.parse(failed.messages[0].actual!), { a: 1, b: [1, 2] });
    assert.equal(failed.messages[0].line, 7);
    assert.equal(summary.reported.find((r) => r.id === `${uri.toString()}#0`)?.state, 'passed');

    // Editing the document updates the items at once (no save needed).
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, doc.lineAt(7).range, '  - name: renamed test');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const items = await api.testItems();
    assert.deepEqual(items.find((i) => i.id === uri.toString())?.children.map((c) => c.label), ['passes', 'renamed test']);
  });

  it('gatewayIon.test runs the tests of a file and returns its TestFileResult', async () => {
    const result = await vscode.commands.executeCommand<TestFileResult>('gatewayIon.test', workspaceFile('sample.ion.yaml'));
    assert.equal(result.integration, 'sample-user');
    assert.deepEqual(result.tests.map((t) => [t.name, t.state]), [['happy path', 'passed']]);
    const one = await vscode.commands.executeCommand<TestFileResult>('gatewayIon.runTest', workspaceFile('weather-lookup.ion.yaml'), 1);
    assert.deepEqual(one.tests.map((t) => t.index), [1]);
  });

  describe('Save as test', () => {
    let server: Loopback;
    before(async () => {
      server = await startLoopback();
      api.setOriginPrompt(async () => 'once');
      await vscode.commands.executeCommand('gatewayIon.secrets.set', 'sample_token', 'save-as-test-secret-Qx7');
    });
    after(async () => {
      api.setOriginPrompt(undefined);
      await server.close();
    });

    it('appends the last run as a test to the file; the test then passes offline', async () => {
      const file = join(dir, 'recorded.ion.yaml');
      const original = await readFile(workspaceFile('sample.ion.yaml').fsPath, 'utf8');
      await writeFile(file, original);
      const uri = vscode.Uri.file(file);
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      const result = await vscode.commands.executeCommand<RunResult>('gatewayIon.run', uri, { vars: { baseUrl: server.origin }, input: { login: 'recorded' } });
      assert.equal(result.ok, true, JSON.stringify(result.errors));
      const saved = await vscode.commands.executeCommand<{ name: string; index: number }>('gatewayIon.saveAsTest', uri);
      assert.ok(saved);
      assert.equal(saved.index, 1);
      const onDisk = await readFile(file, 'utf8');
      assert.ok(onDisk.startsWith(original.trimEnd()), 'the rest of the file is unchanged');
      assert.ok(onDisk.includes(saved.name));
      assert.ok(!onDisk.includes('save-as-test-secret-Qx7'));
      const report = await api.panelRendered(uri);
      assert.match(report.text, /Saved as test/);
      const tests = await vscode.commands.executeCommand<TestFileResult>('gatewayIon.test', uri);
      assert.deepEqual(tests.tests.map((t) => [t.name, t.state]), [['happy path', 'passed'], [saved.name, 'passed']]);
      const items = await api.testItems();
      assert.deepEqual(items.find((i) => i.id === uri.toString())?.children.map((c) => c.label), ['happy path', saved.name]);
    });
  });
});
