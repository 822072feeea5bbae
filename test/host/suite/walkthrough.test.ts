/**
 * The Get Started walkthrough (package.json `contributes.walkthroughs`) in the real extension host:
 * the walkthrough's whole path is walked (start the demo API, import a cURL command for it, which
 * stores the secret and opens the new file, run it, save the response as a test, run the tests),
 * and each step's completion events are checked against what really happened.
 *
 * How a completion event is proven: VS Code has no API that reads a walkthrough's progress or a
 * context key's value. An `onCommand:X` event fires when the workbench runs X (a step's button, the
 * palette, a CodeLens), so the test checks that X is registered and does the step by running X. An
 * `onContext:K` event fires when K becomes true; the extension sets K with `setContext` when it sees
 * the step done another way (src/extension/walkthrough/index.ts), and in Test mode only its command
 * `gatewayIon.walkthrough.progress` tells which keys it has set (with a key: once that key is set),
 * so the test checks that every `onContext:` key of the manifest is one the extension sets, when the
 * step is done. Save as test from the panel's button (a webview click) is the one way not driven
 * here: it is the `onDidRequest` the panel fires, covered by the panel tests.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { RunResult } from '../../../src/core/result';
import type { TestFileResult } from '../../../src/core/testing';
import type { GatewayIonTestApi } from '../../../src/extension/test-api';
import { activateExtension, EXTENSION_ID } from '../helpers';

interface Step {
  id: string;
  media: { image: string };
  completionEvents: string[];
}

const KEY = (k: string) => `gatewayIon.walkthrough.${k}`;

function steps(): Step[] {
  const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON;
  return pkg.contributes.walkthroughs.find((w: { id: string }) => w.id === 'gatewayIon.getStarted').steps;
}

function progress(waitFor?: string): Promise<string[]> {
  return Promise.resolve(vscode.commands.executeCommand<string[]>('gatewayIon.walkthrough.progress', waitFor));
}

describe('walkthrough: Get Started', function () {
  this.timeout(60_000);
  let api: GatewayIonTestApi;
  let folder: string;
  let demoUrl: string | undefined;
  let secretName: string | undefined;

  before(async () => {
    api = await activateExtension();
    folder = mkdtempSync(join(tmpdir(), 'ion-walkthrough-'));
  });
  after(async () => {
    api.setOriginPrompt(undefined);
    if (secretName) await vscode.commands.executeCommand('gatewayIon.secrets.delete', secretName);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(folder, { recursive: true, force: true });
  });

  it('has five steps, each with an image that exists and completion events of only two kinds', async () => {
    const list = steps();
    assert.deepEqual(list.map((s) => s.id), ['create', 'secret', 'run', 'saveTest', 'runTests']);
    const root = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
    for (const s of list) {
      assert.ok(readFileSync(join(root, s.media.image)).length > 0, s.media.image);
      for (const e of s.completionEvents) assert.match(e, /^on(Command|Context):[\w.]+$/, `${s.id}: ${e}`);
    }
  });

  it('every onCommand: completion event names a registered command, and so does every button of the steps and welcome views', async () => {
    const commands = await vscode.commands.getCommands(true);
    const named = steps().flatMap((s) => s.completionEvents.filter((e) => e.startsWith('onCommand:')).map((e) => e.slice('onCommand:'.length)));
    assert.ok(named.length >= 5);
    for (const c of named) assert.ok(commands.includes(c), c);
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON;
    // The walkthrough's buttons and the welcome views' (Test Explorer, empty Explorer).
    const buttons: string[] = JSON.stringify([pkg.contributes.walkthroughs, pkg.contributes.viewsWelcome]).match(/\(command:[\w.]+/g) ?? [];
    assert.ok(buttons.includes('(command:gatewayIon.newIntegration'));
    const welcomeViews = pkg.contributes.viewsWelcome.map((v: { view: string }) => v.view);
    assert.ok(welcomeViews.includes('workbench.view.testing') && welcomeViews.includes('explorer'), welcomeViews.join());
    for (const b of buttons) assert.ok(commands.includes(b.slice('(command:'.length)), b);
  });

  it('every onContext: key of the manifest is one the extension sets', () => {
    const keys = steps().flatMap((s) => s.completionEvents.filter((e) => e.startsWith('onContext:')).map((e) => e.slice('onContext:'.length)));
    assert.deepEqual(keys.sort(), [KEY('integrationOpened'), KEY('secretStored'), KEY('testSaved')]);
  });

  it('walks the path: demo API, cURL import (secret stored, file opened), run, save as test, tests pass', async () => {
    // Step 3's button first, so the imported request has somewhere to go (port 0: a free one).
    demoUrl = await vscode.commands.executeCommand<string>('gatewayIon.demo.start', { port: 0 });
    assert.match(demoUrl ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok((await progress(KEY('demoStarted'))).includes(KEY('demoStarted')));
    // The demo answers a customer's first request with 429 (to show a retry); take that one here.
    const first = await fetch(`${demoUrl}/v1/customers/42`, { headers: { Authorization: 'Bearer demo-token' } });
    assert.equal(first.status, 429);

    // Step 1 (and 2): the cURL import stores the token as a secret and opens the new file.
    const uri = await vscode.commands.executeCommand<vscode.Uri>(
      'gatewayIon.importCurl',
      `curl '${demoUrl}/v1/customers/42' -H 'Authorization: Bearer demo-token'`,
      { folder, name: 'walkthrough-crm' },
    );
    const text = readFileSync(uri.fsPath, 'utf8');
    secretName = /\{\{ secret\.([\w-]+) \}\}/.exec(text)?.[1];
    assert.ok(secretName, text);
    await progress(KEY('integrationOpened'));
    await progress(KEY('secretStored'));

    // Step 3: run against the demo API.
    api.setOriginPrompt(async () => 'once');
    const result = await vscode.commands.executeCommand<RunResult>('gatewayIon.run', uri);
    assert.equal(result.ok, true, JSON.stringify(result.errors));
    assert.equal(result.response?.status, 200);

    // Step 4: save the response as a test; step 5: the file's tests pass offline.
    const saved = await vscode.commands.executeCommand<{ name: string }>('gatewayIon.saveAsTest', uri);
    assert.ok(saved);
    const tests = await vscode.commands.executeCommand<TestFileResult>('gatewayIon.test', uri);
    assert.deepEqual(tests.tests.map((t) => t.state), ['passed']);

    const keys = await progress();
    for (const k of ['demoStarted', 'integrationOpened', 'secretStored']) assert.ok(keys.includes(KEY(k)), k);
  });
});
