/**
 * A normal (non-Test) launch exports the public API only: no test hooks such as `setOriginPrompt`.
 *
 * How: this host runs the extension in Test mode (the harness passes `extensionTestsPath`), so
 * the test takes the extension's own module, the shipped dist/extension.js that VS Code loaded
 * (Node's one module cache: `require` hands back the same instance), calls its `deactivate()` (which
 * disposes everything activation registered) and then its `activate()` again with a context
 * whose `extensionMode` is `Production`. Nothing is stubbed but the context's storage (in
 * memory). It runs last (folder `last/`, see mocha-runner.ts): the host's own activation is gone.
 */
import { strict as assert } from 'node:assert';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { GatewayIonApi } from '../../../../src/extension/api';
import { activateExtension, EXTENSION_ID } from '../../helpers';
import { startLoopback } from '../running/loopback';

interface ExtensionModule {
  activate(context: vscode.ExtensionContext): GatewayIonApi;
  deactivate(): Promise<void>;
}

function memento(): vscode.Memento & { setKeysForSync(keys: readonly string[]): void } {
  const values = new Map<string, unknown>();
  return {
    keys: () => [...values.keys()],
    get: <T>(key: string, fallback?: T) => (values.has(key) ? (values.get(key) as T) : fallback),
    update: async (key: string, value: unknown) => {
      if (value === undefined) values.delete(key);
      else values.set(key, value);
    },
    setKeysForSync: () => undefined,
  } as vscode.Memento & { setKeysForSync(keys: readonly string[]): void };
}

function secretStorage(): vscode.SecretStorage {
  const values = new Map<string, string>();
  const changed = new vscode.EventEmitter<vscode.SecretStorageChangeEvent>();
  return {
    get: async (key) => values.get(key),
    store: async (key, value) => {
      values.set(key, value);
      changed.fire({ key });
    },
    delete: async (key) => {
      values.delete(key);
      changed.fire({ key });
    },
    keys: async () => [...values.keys()],
    onDidChange: changed.event,
  } as vscode.SecretStorage;
}

describe('the exported API in a normal launch (Production mode)', function () {
  this.timeout(120000);

  it('has ready and run only; the test hooks are absent; run resolves with the run result', async () => {
    const testApi = await activateExtension();
    assert.equal(typeof testApi.setOriginPrompt, 'function', 'this host runs in Test mode, where the hooks exist');

    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const main = join(ext.extensionPath, 'dist', 'extension.js');
    assert.ok(require.cache[main], `${main} is not the module the host loaded`);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(main) as ExtensionModule;

    await mod.deactivate();
    assert.ok(!(await vscode.commands.getCommands(true)).includes('gatewayIon.run'), 'deactivate left gatewayIon.run registered');

    const storage = await mkdtemp(join(tmpdir(), 'ion-host-production-'));
    const context = {
      subscriptions: [] as vscode.Disposable[],
      extensionMode: vscode.ExtensionMode.Production,
      extensionUri: vscode.Uri.file(ext.extensionPath),
      extensionPath: ext.extensionPath,
      globalStorageUri: vscode.Uri.file(storage),
      workspaceState: memento(),
      globalState: memento(),
      secrets: secretStorage(),
    } as unknown as vscode.ExtensionContext;
    const api = mod.activate(context);
    try {
      await api.ready;
      assert.deepEqual(Object.keys(api).sort(), ['ready', 'run']);
      for (const hook of ['setOriginPrompt', 'panelRendered', 'panelMessages', 'logLines', 'runLogPath', 'cancelRun', 'engineLoaded', 'testItems', 'runTests', 'diagnosticsSettled']) {
        assert.equal((api as unknown as Record<string, unknown>)[hook], undefined, `${hook} is exported in Production mode`);
      }
      assert.ok((await vscode.commands.getCommands(true)).includes('gatewayIon.run'));

      const server = await startLoopback();
      try {
        const file = join(storage, 'public.ion.yaml');
        await writeFile(file, `version: 1\nname: public-api\nrequest:\n  method: GET\n  url: "${server.origin}/users/octocat"\n`);
        const result = await api.run(vscode.Uri.file(file));
        assert.equal(result.ok, true, JSON.stringify(result.errors));
        assert.equal(result.name, 'public-api');
        assert.equal(result.response?.status, 200);
      } finally {
        await server.close();
      }
    } finally {
      await mod.deactivate();
      for (const d of context.subscriptions) d.dispose();
    }
  });
});
