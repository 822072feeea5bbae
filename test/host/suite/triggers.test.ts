import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { GatewayIonTestApi } from '../../../src/extension/test-api';
import type { Started, TestEventAnswer } from '../../../src/extension/triggers';
import { activateExtension, workspaceFile } from '../helpers';
import { findLeak } from '../../security/masking-forms';
import { startLoopback, type Loopback } from './running/loopback';

// Values no output, environment or argv of the trigger host may contain (README "Security").
const SIGNING = `whk-${process.pid}-Q7v/x+Z`;
const TOKEN = `tok-${process.pid}-Hq2/L+m`;

function exited(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}

describe('Triggers in the editor: Start Triggers, Send Test Event, Stop Triggers (real host, child process)', function () {
  this.timeout(120000);
  let api: GatewayIonTestApi;
  let server: Loopback;
  const asked: string[] = [];
  const uri = workspaceFile('order-hook.ion.yaml');

  before(async () => {
    api = await activateExtension();
    server = await startLoopback();
    // The file's request URL is {{ env.ION_HOST_TEST_API }}/users/…: the child gets this process's environment.
    process.env.ION_HOST_TEST_API = server.origin;
    api.setOriginPrompt(async (secret, origin) => {
      asked.push(`${secret} ${origin}`);
      return 'once';
    });
    assert.equal(await vscode.commands.executeCommand('gatewayIon.secrets.set', 'hook_signing_secret', SIGNING), true);
    assert.equal(await vscode.commands.executeCommand('gatewayIon.secrets.set', 'hook_api_token', TOKEN), true);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  });
  after(async () => {
    await vscode.commands.executeCommand('gatewayIon.triggers.stop');
    api.setOriginPrompt(undefined);
    delete process.env.ION_HOST_TEST_API;
    await server.close();
  });

  it('starts the folder\'s triggers in a child process that got its secrets over IPC only', async () => {
    const started = await vscode.commands.executeCommand<Started>('gatewayIon.triggers.start', { port: 0, schedules: false, quiet: true });
    assert.ok(started, 'Start Triggers returned nothing');
    assert.match(started.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.deepEqual(
      started.webhooks.map((h) => `${h.method} ${h.path} ${h.signature}`),
      ['POST /hooks/order-hook github'],
    );
    const info = api.triggersInfo();
    assert.ok(info, 'no trigger host');
    assert.notEqual(info.pid, process.pid);
    // The signing secret was asked for over IPC at start (webhook signatures are resolved once).
    assert.deepEqual(api.triggerSecretRequests(), ['hook_signing_secret']);
    // Neither the child's environment nor its argv carries a secret (Linux: /proc).
    assert.ok(existsSync(`/proc/${info.pid}/environ`), 'this check reads /proc');
    for (const what of ['environ', 'cmdline']) {
      const text = readFileSync(`/proc/${info.pid}/${what}`).toString('utf8');
      assert.ok(text.length > 0);
      for (const secret of [SIGNING, TOKEN]) assert.equal(findLeak(text, secret), undefined, `the child's ${what} holds a secret`);
    }
    assert.match(readFileSync(`/proc/${info.pid}/environ`, 'utf8'), /ION_HOST_TEST_API=/);
  });

  it('Send Test Event posts the signed trigger input: 202 + runId, and the run lands in the run log as a webhook run', async () => {
    const before = server.seen.length;
    const answer = await vscode.commands.executeCommand<TestEventAnswer>('gatewayIon.triggers.sendTestEvent', uri, { quiet: true });
    assert.ok(answer, 'no answer');
    assert.equal(answer.status, 202, JSON.stringify(answer.body));
    assert.match(answer.runId ?? '', /^[0-9a-f-]{36}$/);
    assert.ok(answer.run, 'the run did not reach the run log');
    const lines = readFileSync(api.runLogPath(uri), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const entry = lines.find((l) => l.runId === answer.runId);
    assert.ok(entry, 'no run log line with the runId');
    assert.equal(entry.trigger, 'webhook');
    assert.equal(entry.integration, 'order-hook');
    assert.equal(entry.ok, true, JSON.stringify(entry));
    // The trigger input reached the API, with the token the child asked for over IPC (origin asked through the editor's prompt).
    assert.deepEqual(server.seen.slice(before).map((s) => `${s.url} ${s.authorization === `Bearer ${TOKEN}`}`), ['/users/hooked true']);
    // The child signed the event with the signing secret it asked for again, then the run asked for the token.
    assert.deepEqual(api.triggerSecretRequests(), ['hook_signing_secret', 'hook_signing_secret', 'hook_api_token']);
    assert.deepEqual(asked, [`hook_api_token ${server.origin}`]);
    const info = api.triggersInfo();
    assert.ok(info);
    for (const what of ['environ', 'cmdline']) {
      const text = readFileSync(`/proc/${info.pid}/${what}`).toString('utf8');
      for (const secret of [SIGNING, TOKEN]) assert.equal(findLeak(text, secret), undefined, `the child's ${what} holds a secret`);
    }
    // The status bar: the port and the event served (the child posts its counts after each run).
    const until = Date.now() + 10000;
    while (!/ · 1 served/.test(api.triggersStatusText() ?? '') && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    assert.match(api.triggersStatusText() ?? '', new RegExp(`^\\$\\(broadcast\\) Ion :${info.port} · 1 served$`));
    const log = api.logLines().join('\n');
    assert.match(log, /\[triggers\] webhook order-hook: ok/);
    for (const secret of [SIGNING, TOKEN]) assert.equal(findLeak(log, secret), undefined, 'the log holds a secret');
  });

  it('a test event with a bad signature is refused (the listener really checks it)', async () => {
    const info = api.triggersInfo();
    assert.ok(info);
    const res = await fetch(`${info.url}/hooks/order-hook`, { method: 'POST', body: '{"login":"x"}', headers: { 'X-Hub-Signature-256': 'sha256=00', 'content-type': 'application/json' } });
    assert.equal(res.status, 401);
  });

  it('Stop Triggers ends the child', async () => {
    const info = api.triggersInfo();
    assert.ok(info);
    assert.equal(await vscode.commands.executeCommand('gatewayIon.triggers.stop'), true);
    assert.equal(exited(info.pid), true, 'the child is still alive');
    assert.equal(api.triggersInfo(), undefined);
    assert.equal(api.triggersStatusText(), undefined);
    assert.equal(await vscode.commands.executeCommand('gatewayIon.triggers.stop'), false);
  });
});
