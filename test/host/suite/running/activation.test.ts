import { strict as assert } from 'node:assert';
import { join, sep } from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, EXTENSION_ID, workspaceFile } from '../../helpers';

/**
 * What activation loaded, taken in a root `before` hook: mocha runs root hooks before any test of
 * any file, so no earlier test (a run loads the engine) can change what this sees, whatever the
 * file order.
 */
let atActivation: { engineLoaded: boolean; modules: string[] } | undefined;
before(async () => {
  const api = await activateExtension();
  atActivation = { engineLoaded: api.engineLoaded(), modules: Object.keys(require.cache) };
});

describe('running: activation stays cheap', () => {
  it('registers the running commands without loading the engine (undici, QuickJS)', async () => {
    await activateExtension();
    const commands = await vscode.commands.getCommands(true);
    for (const c of ['gatewayIon.run', 'gatewayIon.runWithoutOutputs', 'gatewayIon.test', 'gatewayIon.runTest', 'gatewayIon.selectEnvironment', 'gatewayIon.copyAsCurl', 'gatewayIon.saveAsTest', 'gatewayIon.showRunLog', 'gatewayIon.signIn']) {
      assert.ok(commands.includes(c), c);
    }
    assert.equal(atActivation?.engineLoaded, false);
  });

  it('loads only dist/extension.js at activation: the engine and QuickJS bundles (undici, QuickJS, ajv) stay unread', () => {
    assert.ok(atActivation, 'the root hook ran');
    assert.equal(atActivation.engineLoaded, false);
    const root = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
    const dist = join(root, 'dist') + sep;
    const ownModules = join(root, 'node_modules') + sep; // the host's own node_modules (e.g. its undici) are not ours
    const loaded = atActivation.modules;
    // require.cache is the host's one module cache: the extension's own bundle is in it, so the check can see ours.
    assert.ok(loaded.includes(join(dist, 'extension.js')), `dist/extension.js is not in require.cache (${loaded.filter((k) => k.startsWith(dist)).join(', ')})`);
    const heavy = loaded.filter(
      (k) => (k.startsWith(dist) && /^(engine|quickjs)\.js$/.test(k.slice(dist.length))) || (k.startsWith(ownModules) && /^(undici|quickjs-emscripten[^\\/]*|@jitl|ajv)[\\/]/.test(k.slice(ownModules.length))),
    );
    assert.deepEqual(heavy, []);
  });

  it('shows Run, Run without outputs and Test on the name line, and Run test above each test', async () => {
    await activateExtension();
    const uri = workspaceFile('sample.ion.yaml');
    const doc = await vscode.workspace.openTextDocument(uri);
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
    const ours = lenses.filter((l) => l.command?.command.startsWith('gatewayIon.'));
    const nameLine = doc.getText().split('\n').findIndex((l) => l.startsWith('name:'));
    // The "Ready N/4" lens has its own tests (editing/readiness.test.ts).
    const top = ours.filter((l) => l.range.start.line === nameLine).map((l) => l.command!.command).filter((c) => c !== 'gatewayIon.readiness.show');
    assert.deepEqual(top, ['gatewayIon.run', 'gatewayIon.runWithoutOutputs', 'gatewayIon.test']);
    const runTest = ours.filter((l) => l.command!.command === 'gatewayIon.runTest');
    assert.equal(runTest.length, 1);
    assert.match(doc.lineAt(runTest[0].range.start.line).text, /- name: happy path/);
    assert.deepEqual(runTest[0].command!.arguments?.[1], 0);
  });
});
