import { strict as assert } from 'node:assert';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as vscode from 'vscode';
import type { RunResult } from '../../../../src/core/result';
import type { GatewayIonTestApi } from '../../../../src/extension/test-api';
import type { OriginAnswer } from '../../../../src/extension/secrets/source';
import { activateExtension, workspaceFile } from '../../helpers';
import { findLeak, leakForms } from '../../../security/masking-forms';
import { startLoopback, type Loopback } from './loopback';

// A value no output may ever contain, in any encoding (README "Security"): risky characters on purpose.
const SECRET = `Sk7q/host+${process.pid} a~b"c\\d%2F-Zq9`;
const assertNoSecret = (what: string, text: string) => {
  const leak = findLeak(text, SECRET);
  const at = leak === undefined ? -1 : text.indexOf(leak.slice(0, 10));
  assert.equal(leak, undefined, `${what} contains the secret (as ${JSON.stringify(leak)}): …${text.slice(Math.max(0, at - 80), at + 80)}…`);
};

/** `/users/echo`: an API that echoes the bearer token back in every encoding, in headers and in a body cut by the display limit. */
function echoRoute(req: IncomingMessage, res: ServerResponse): void {
  const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
  // Every form but the last four (base64 of `user:password`: a basic-auth form, not this bearer token's).
  const forms = leakForms(token).slice(0, -4);
  const body = {
    id: 9,
    login: 'echo',
    forms,
    nested: forms.reduce<unknown>((inner, f) => ({ f, inner }), null),
    // The display cut (64 KB) falls inside the last copy of the token.
    pad: 'x'.repeat(64 * 1024 - 200) + token.repeat(20),
  };
  res.writeHead(200, { 'content-type': 'application/json', 'x-echo': forms[0].replace(/[^\x20-\x7e]/g, '?'), 'x-echo-b64': forms.at(-1) ?? '' });
  res.end(JSON.stringify(body));
}

describe('Run from the editor (real host, loopback API)', function () {
  this.timeout(120000);
  let api: GatewayIonTestApi;
  let server: Loopback;
  const asked: string[] = [];
  let answer: OriginAnswer = 'always';
  const uri = workspaceFile('sample.ion.yaml');
  const run = (options: object) => vscode.commands.executeCommand<RunResult>('gatewayIon.run', uri, options);

  before(async () => {
    api = await activateExtension();
    server = await startLoopback({ '/users/echo': echoRoute });
    api.setOriginPrompt(async (secret, origin) => {
      asked.push(`${secret} ${origin}`);
      return answer;
    });
    assert.equal(await vscode.commands.executeCommand('gatewayIon.secrets.set', 'sample_token', SECRET), true);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  });
  after(async () => {
    api.setOriginPrompt(undefined);
    await server.close();
  });

  it('returns the run result (docs/reference.md#the-run-result) and sends the stored secret only to the allowed origin', async () => {
    answer = 'always';
    const result = await run({ vars: { baseUrl: server.origin } });
    assert.equal(result.ok, true, JSON.stringify(result.errors));
    assert.equal(result.name, 'sample-user');
    assert.equal(result.environment, 'dev');
    assert.equal(result.file, uri.fsPath);
    assert.deepEqual(result.output, { id: 7, login: 'octocat' });
    assert.equal(result.attempts.length, 1);
    assert.equal(result.attempts[0].status, 200);
    assert.equal(result.response?.status, 200);
    assert.equal(result.request?.url, `${server.origin}/users/octocat`);
    assert.equal(result.request?.headers.Authorization ?? result.request?.headers.authorization, 'Bearer ***');
    assert.equal(server.seen.at(-1)?.authorization, `Bearer ${SECRET}`);
    assert.deepEqual(asked, [`sample_token ${server.origin}`]);
    const list = await vscode.commands.executeCommand<Array<{ name: string; origins: string[] }>>('gatewayIon.secrets.list', { quiet: true });
    assert.deepEqual(list.find((s) => s.name === 'sample_token')?.origins, [server.origin]);
    assertNoSecret('the result', JSON.stringify(result));
  });

  it('opens the panel, whose script reports what it rendered; no secret in the panel, its messages, the log or the run log', async () => {
    const result = await run({ vars: { baseUrl: server.origin }, input: { login: 'hubot' } });
    assert.equal(result.ok, true);
    const report = await api.panelRendered(uri);
    assert.equal(report.status, 'ok');
    // The file's flow diagram comes last (README, "Plan and document an integration"), its readiness under the title.
    assert.deepEqual(report.sections, ['request', 'attempts', 'response', 'output', 'flow']);
    assert.match(report.readiness ?? '', /^Ready [0-4]\/4/);
    assert.equal(report.attempts, 1);
    assert.equal(report.jsonTree, true);
    assert.ok(report.responseHeaders >= 2);
    assert.deepEqual(report.buttons, ['Copy as cURL', 'Save as test']);
    assert.match(report.text, /hubot/);
    assert.match(report.text, /Bearer \*\*\*/);
    assert.match(report.text, /\$ION_SECRET_SAMPLE_TOKEN/);
    assertNoSecret('the panel text', report.text);
    assertNoSecret('the panel messages', JSON.stringify(api.panelMessages(uri)));
    const lines = api.logLines();
    assert.ok(lines.some((l) => l.startsWith('[info] run sample-user env=dev ok status=200 attempts=1')), lines.join('\n'));
    assertNoSecret('the log channel', lines.join('\n'));
    const runLog = await readFile(api.runLogPath(uri), 'utf8');
    const last = JSON.parse(runLog.trim().split('\n').at(-1)!) as Record<string, unknown>;
    assert.equal(last.integration, 'sample-user');
    assert.equal(last.trigger, 'manual');
    assert.equal(last.ok, true);
    assertNoSecret('the run log', runLog);
  });

  it('an API that echoes the secret in every encoding: nothing of it reaches the result, the panel, its messages, the log or the run log', async () => {
    const result = await run({ vars: { baseUrl: server.origin }, input: { login: 'echo' } });
    assert.equal(result.ok, true, JSON.stringify(result.errors));
    assert.equal(server.seen.at(-1)?.authorization, `Bearer ${SECRET}`);
    assert.equal(result.response?.truncated, true);
    assertNoSecret('the result', JSON.stringify(result));
    const report = await api.panelRendered(uri);
    assert.equal(report.status, 'ok');
    assertNoSecret('the panel text', report.text);
    assertNoSecret('the panel messages', JSON.stringify(api.panelMessages(uri)));
    assertNoSecret('the log channel', api.logLines().join('\n'));
    assertNoSecret('the run log', await readFile(api.runLogPath(uri), 'utf8'));
  });

  it('reports a failing run with its code and hint, first in the panel', async () => {
    const result = await run({ vars: { baseUrl: server.origin }, input: { login: 'nobody' } });
    assert.equal(result.ok, false);
    assert.equal(result.errors[0].code, 'not_found');
    assert.ok(result.errors[0].hint.length > 10);
    const report = await api.panelRendered(uri);
    assert.equal(report.status, 'failed');
    assert.equal(report.sections[0], 'errors');
    assert.equal(report.errors[0].code, 'not_found');
    assert.equal(report.errors[0].hint, result.errors[0].hint);
    assert.match(report.text, /Hint:/);
    assert.ok(api.logLines().some((l) => l.startsWith('[error] run sample-user') && l.endsWith('error=not_found')));
  });

  it('refuses a new origin when the prompt answers Cancel: secret_blocked, nothing sent', async () => {
    answer = 'cancel';
    const before = server.seen.length;
    const other = `http://localhost:${server.port}`;
    const result = await run({ vars: { baseUrl: other } });
    assert.equal(result.ok, false);
    assert.equal(result.errors[0].code, 'secret_blocked');
    assert.deepEqual(result.attempts, []);
    assert.equal(server.seen.length, before);
    assert.equal(asked.at(-1), `sample_token ${other}`);
    answer = 'always';
  });

  it('cancels a run in flight (→ cancelled)', async () => {
    const held = server.hold('/users/slowpoke');
    const pending = run({ vars: { baseUrl: server.origin }, input: { login: 'slowpoke' } });
    const h = await held;
    assert.equal(api.cancelRun(uri), true);
    const result = await pending;
    h.release();
    assert.equal(result.ok, false);
    assert.equal(result.errors[0].code, 'cancelled');
  });

  it('runs without outputs, with a picked environment, and refuses an unknown one', async () => {
    assert.equal(await vscode.commands.executeCommand('gatewayIon.selectEnvironment', 'dev', uri), 'dev');
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('gatewayIon.selectEnvironment', 'nope', uri)), /unknown environment 'nope'/);
    const result = await vscode.commands.executeCommand<RunResult>('gatewayIon.runWithoutOutputs', uri, { vars: { baseUrl: server.origin } });
    assert.equal(result.ok, true);
    await assert.rejects(Promise.resolve(run({ env: 'nope' })), /unknown environment 'nope'/);
    await assert.rejects(Promise.resolve(run({ input: 'not an object' })), /`input` must be an object/);
  });

  it('copies the request as cURL with the secret as its $ION_SECRET_ name', async () => {
    const curl = await vscode.commands.executeCommand<string>('gatewayIon.copyAsCurl', uri);
    assert.match(curl, /Bearer \$ION_SECRET_SAMPLE_TOKEN/);
    assertNoSecret('the curl command', curl);
  });
});
