/**
 * "Gateway Ion: Sign In" in the real host against the bundled demo API's authorization server: the
 * harness plays the browser (the openExternal test hook hands it the URL; it GETs it following the
 * redirect to the extension's loopback listener). Then the stored refresh token runs the file, the
 * panel shows the token timeline, and a rotated refresh token is saved back to SecretStorage.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { RunResult } from '../../../../src/core/result';
import { startDemoServer, type DemoServer } from '../../../../src/demo/server';
import type { GatewayIonTestApi } from '../../../../src/extension/test-api';
import { activateExtension } from '../../helpers';

/** Credentials the demo hands out: none may show in a result, a panel message or the log. */
const DEMO_VALUES = /demo-(rt|at|code|dc)-[A-Za-z0-9_-]{10,}/;

describe('Sign In (real host, demo authorization server)', function () {
  this.timeout(120000);
  let api: GatewayIonTestApi;
  let demo: DemoServer;
  let now = Date.now();
  let uri: vscode.Uri;
  const opened: string[] = [];
  const pages: Array<Promise<number>> = [];

  before(async () => {
    api = await activateExtension();
    demo = await startDemoServer({ now: () => now });
    const dir = mkdtempSync(join(tmpdir(), 'ion-host-signin-'));
    const file = join(dir, 'signin.ion.yaml');
    writeFileSync(
      file,
      `version: 1
name: host-signin
auth:
  type: oauth2
  grant: authorization_code
  authorizationUrl: "${demo.url}/oauth/authorize"
  tokenUrl: "${demo.url}/oauth/token"
  clientId: demo-client
  scopes: [accounting.read]
  refreshToken: "{{ secret.host_signin_token }}"
request:
  url: "${demo.url}/v1/invoices"
`,
    );
    uri = vscode.Uri.file(file);
    api.setOriginPrompt(async () => 'always');
    api.setOpenExternal(async (url) => {
      opened.push(url);
      pages.push(fetch(url, { redirect: 'follow' }).then((r) => r.status));
      return true;
    });
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  });
  after(async () => {
    api.setOpenExternal(undefined);
    api.setOriginPrompt(undefined);
    await vscode.commands.executeCommand('gatewayIon.secrets.delete', 'host_signin_token');
    await demo.close();
  });

  it('opens the authorization URL, completes the loopback redirect and stores the refresh token under the referenced name', async () => {
    const report = await vscode.commands.executeCommand<{ ok: boolean; secret?: string; error?: string }>('gatewayIon.signIn', uri);
    assert.deepEqual(report, { ok: true, secret: 'host_signin_token' });
    assert.equal(opened.length, 1);
    const q = new URL(opened[0]).searchParams;
    assert.equal(q.get('code_challenge_method'), 'S256');
    assert.match(q.get('redirect_uri') ?? '', /^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    assert.equal(await pages[0], 200, 'the browser got the "Signed in" page');
    assert.ok(api.secretChanges().includes('host_signin_token'));
    const list = await vscode.commands.executeCommand<Array<{ name: string }>>('gatewayIon.secrets.list', { quiet: true });
    assert.ok(list.some((s) => s.name === 'host_signin_token'));
  });

  it('the run reuses the sign-in token; the panel shows the token timeline without any value', async () => {
    const result = await vscode.commands.executeCommand<RunResult>('gatewayIon.run', uri);
    assert.equal(result.ok, true, JSON.stringify(result.errors));
    assert.deepEqual(result.auth?.timeline.map((t) => t.event), ['cached']);
    const rendered = await api.panelRendered(uri);
    assert.ok(rendered.sections.includes('token'), rendered.sections.join(', '));
    for (const [what, text] of [
      ['result', JSON.stringify(result)],
      ['panel messages', JSON.stringify(api.panelMessages(uri))],
      ['log', api.logLines().join('\n')],
    ] as const) assert.ok(!DEMO_VALUES.test(text), `${what}: ${DEMO_VALUES.exec(text)?.[0]}`);
  });

  it('a rotated refresh token (after the token expired at the API: 401, one refresh) is saved back to SecretStorage', async () => {
    const before = api.secretChanges().filter((k) => k === 'host_signin_token').length;
    now += 61_000; // The demo API's clock: its 60 s access token has expired.
    const result = await vscode.commands.executeCommand<RunResult>('gatewayIon.run', uri);
    assert.equal(result.ok, true, JSON.stringify(result.errors));
    assert.deepEqual(result.auth?.timeline.map((t) => t.event), ['cached', 'refreshed', 'rotated']);
    // SecretStorage reports the store as an event: wait for it (bounded), do not assume its timing.
    const deadline = Date.now() + 5000;
    while (api.secretChanges().filter((k) => k === 'host_signin_token').length === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.equal(api.secretChanges().filter((k) => k === 'host_signin_token').length, before + 1);
    assert.ok(!DEMO_VALUES.test(JSON.stringify(result)));
  });
});
