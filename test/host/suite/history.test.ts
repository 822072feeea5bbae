import { strict as assert } from 'node:assert';
import { appendFileSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { Alert } from '../../../src/core/alerts';
import type { RunLogEntry, RunResult } from '../../../src/core/result';
import type { PanelState } from '../../../src/shared/messages';
import type { GatewayIonTestApi } from '../../../src/extension/test-api';
import type { TestEventAnswer } from '../../../src/extension/triggers';
import { activateExtension, closeAllEditors, workspaceFile } from '../helpers';
import { findLeak } from '../../security/masking-forms';
import { startLoopback, type Loopback } from './running/loopback';

const TOKEN = `hist-${process.pid}-Tq4/+x`;
const SIGNING = `hist-sign-${process.pid}-K2/+z`;

/** `p`, or a rejection naming `what` after `ms` (so a hang says where it is). */
function within<T>(p: Thenable<T>, what: string, ms = 20000): Promise<T> {
  return Promise.race([Promise.resolve(p), new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what}: nothing after ${ms} ms`)), ms))]);
}

function logLines(path: string): RunLogEntry[] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as RunLogEntry);
}

/** A known log of one integration: 8 runs over 3 UTC days (2 failed with http_500), answers worked out by hand. */
function knownLog(now: number): RunLogEntry[] {
  const day = 86_400_000;
  const base = Math.floor(now / day) * day;
  const at = (d: number, h: number) => new Date(base - d * day + h * 3_600_000).toISOString();
  const line = (ts: string, ok: boolean, ms: number, i: number): RunLogEntry => ({
    ts,
    integration: 'known-api',
    file: '/nowhere/known-api.ion.yaml',
    environment: 'prod',
    trigger: 'schedule',
    ok,
    status: ok ? 200 : 500,
    attempts: 1,
    durationMs: ms,
    errorCode: ok ? null : 'http_500',
    runId: `known-${now}-${i}`,
  });
  return [
    line(at(2, 1), true, 100, 1),
    line(at(2, 2), true, 200, 2),
    line(at(2, 3), false, 300, 3),
    line(at(1, 1), true, 400, 4),
    line(at(1, 2), true, 500, 5),
    line(at(1, 3), true, 600, 6),
    line(at(0, 0), false, 700, 7),
    line(at(0, 0), true, 800, 8),
  ];
}

describe('Run history in the editor: Runs view, stored results, dashboard, alerts (real host)', function () {
  this.timeout(120000);
  let api: GatewayIonTestApi;
  let server: Loopback;
  const sample = workspaceFile('sample.ion.yaml');
  const hook = workspaceFile('order-hook.ion.yaml');
  let firstRun: { runId: string; result: RunResult };
  const run = (input: Record<string, string>) => vscode.commands.executeCommand<RunResult>('gatewayIon.run', sample, { vars: { baseUrl: server.origin }, input });

  before(async () => {
    api = await activateExtension();
    server = await startLoopback();
    process.env.ION_HOST_TEST_API = server.origin;
    // 'once': nothing is remembered for the secrets, which other test files set up again.
    api.setOriginPrompt(async () => 'once');
    assert.equal(await vscode.commands.executeCommand('gatewayIon.secrets.set', 'sample_token', TOKEN), true);
    assert.equal(await vscode.commands.executeCommand('gatewayIon.secrets.set', 'hook_api_token', TOKEN), true);
    assert.equal(await vscode.commands.executeCommand('gatewayIon.secrets.set', 'hook_signing_secret', SIGNING), true);
  });
  after(async () => {
    await vscode.commands.executeCommand('gatewayIon.triggers.stop');
    api.setOriginPrompt(undefined);
    api.setAlertNotifier(undefined);
    delete process.env.ION_HOST_TEST_API;
    await server.close();
  });

  it('a run appears live in the Runs view, with its runId, status icon, trigger, duration and error code', async () => {
    // The Runs view reads the log first, then takes runs in as they land.
    await api.runsView();
    const ok = await run({ login: 'octocat' });
    assert.equal(ok.ok, true, JSON.stringify(ok.errors));
    const okLine = logLines(api.runLogPath(sample)).at(-1)!;
    assert.match(okLine.runId ?? '', /^[0-9a-f-]{36}$/, 'the editor writes a runId on each run log line');
    firstRun = { runId: okLine.runId!, result: ok };
    const failed = await run({ login: 'nobody' });
    assert.equal(failed.ok, false);
    const failedLine = logLines(api.runLogPath(sample)).at(-1)!;
    const items = await api.runsViewWhen((v) => v.some((i) => i.label === 'sample-user' && i.children?.[0]?.runId === failedLine.runId));
    const group = items.find((i) => i.label === 'sample-user')!;
    const [newest, previous] = group.children!;
    assert.equal(newest.icon, 'error');
    assert.match(newest.description, /^manual · \d+(\.\d+)? ?m?s · not_found$/);
    assert.match(newest.tooltip, /not_found: /, `the tooltip has the hint: ${newest.tooltip}`);
    assert.equal(newest.command, 'gatewayIon.runs.show');
    assert.equal(previous.runId, okLine.runId);
    assert.equal(previous.icon, 'pass');
    assert.match(previous.description, /^manual · .* · 200$/);
    assert.equal(group.icon, 'error', 'the integration shows its last run');
  });

  it('selecting a past run reopens its stored result in the response panel, as a fresh run shows it', async () => {
    await api.selectRun(firstRun.runId);
    const report = await api.panelRendered(sample);
    assert.equal(report.status, 'ok');
    assert.ok(report.sections.includes('response'), report.sections.join());
    const shown = api.panelMessages(sample).at(-1)!;
    assert.equal(shown.type, 'show');
    const state = (shown as { state: PanelState }).state;
    assert.deepEqual(state.result, JSON.parse(JSON.stringify(firstRun.result)));
    assert.match(state.notice ?? '', new RegExp(`stored manual run .*${firstRun.runId}`));
    assert.equal(findLeak(JSON.stringify(state), TOKEN), undefined);
  });

  it('the dashboard shows the figures of a known log, then updates after one more run', async () => {
    const now = Date.now();
    const path = api.runLogPath(sample);
    appendFileSync(path, knownLog(now).map((e) => `${JSON.stringify(e)}\n`).join(''));
    await within(vscode.commands.executeCommand('gatewayIon.runs.refresh'), 'refresh');
    // The dashboard in the first group; the run's response panel opens beside it (a hidden webview gets the latest report when shown again).
    await closeAllEditors();
    await within(vscode.commands.executeCommand('gatewayIon.showDashboard'), 'Show Dashboard');
    const shown = await within(api.dashboardRendered(), 'the dashboard rendered');
    const known = shown.cards.find((c) => c.integration === 'known-api');
    assert.deepEqual(known, { integration: 'known-api', environment: 'prod', calls: 8, failures: 2, bars: 30 });
    // Every figure as text: error rate 2/8, average 450 ms, nearest-rank p50 = 4th of 8 = 400 ms, p95 = 8th = 800 ms.
    const text = shown.text;
    for (const figure of ['Calls8', 'Failures2', 'Error rate25.0%', 'Average450 ms', 'p50400 ms', 'p95800 ms']) assert.ok(text.replace(/\s+/g, '').includes(figure.replace(/\s+/g, '')), `${figure} is not in: ${text.slice(0, 600)}`);
    assert.match(text, /http_500/);
    assert.ok(shown.runLinks.includes(`known-${now}-7`), 'the last error links to its run');
    const sampleBefore = shown.cards.find((c) => c.integration === 'sample-user')!;

    const posted = api.nextDashboardPost();
    await run({ login: 'octocat' });
    await within(posted, 'the update posted');
    const after = await within(api.dashboardRendered(), 'the update rendered');
    const sampleAfter = after.cards.find((c) => c.integration === 'sample-user')!;
    assert.equal(sampleAfter.calls, sampleBefore.calls + 1);
    assert.equal(sampleAfter.failures, sampleBefore.failures);
    assert.deepEqual(after.cards.find((c) => c.integration === 'known-api'), known, 'the other integrations keep their figures');
    const update = api.dashboardTimings().filter((t) => t.kind === 'update').at(-1);
    assert.ok(update && update.ms < 50, `the update took ${update?.ms} ms of our code`);
    // Show run on the dashboard (no stored result for a line written by hand): its log line opens.
    await within(api.dashboardShowRun('known-api', '/nowhere/known-api.ion.yaml', `known-${now}-7`), 'Show run');
    const doc = vscode.window.activeTextEditor?.document;
    assert.equal(doc?.uri.scheme, 'gateway-ion-run');
    assert.match(doc?.getText() ?? '', /"errorCode": "http_500"/);
  });

  it('a failing triggered run raises an alert with Show run (which reopens it), then one "recovered"', async () => {
    const alerts: Alert[] = [];
    let answered: () => void = () => undefined;
    const shownRun = new Promise<void>((resolve) => (answered = resolve));
    api.setAlertNotifier(async (alert, actions) => {
      alerts.push(alert);
      if (alert.kind === 'failing') {
        assert.deepEqual(actions, ['Show run']);
        setTimeout(answered, 0);
        return 'Show run';
      }
      return undefined;
    });
    await vscode.commands.executeCommand('gatewayIon.triggers.start', { port: 0, schedules: false, quiet: true });
    const failing = await vscode.commands.executeCommand<TestEventAnswer>('gatewayIon.triggers.sendTestEvent', hook, { input: { login: 'nobody' }, quiet: true });
    assert.equal(failing?.status, 202);
    assert.equal(failing?.run?.ok, false);
    await api.runsViewWhen((v) => v.some((i) => i.label === 'order-hook' && i.children?.[0]?.runId === failing?.runId));
    await shownRun;
    assert.equal(alerts.length, 1);
    assert.equal(alerts[0].kind, 'failing');
    assert.equal(alerts[0].runId, failing?.runId);
    assert.equal(alerts[0].code, 'not_found');
    assert.ok(alerts[0].hint, 'the alert has the hint');
    assert.match(alerts[0].text, /order-hook/);
    for (const s of [TOKEN, SIGNING]) assert.equal(findLeak(alerts[0].text, s), undefined);
    // Show run reopened the triggered run's stored result in the file's panel.
    const report = await api.panelRendered(hook);
    assert.equal(report.status, 'failed');
    assert.deepEqual(report.errors.map((e) => e.code), ['not_found']);

    const ok = await vscode.commands.executeCommand<TestEventAnswer>('gatewayIon.triggers.sendTestEvent', hook, { input: { login: 'hooked' }, quiet: true });
    assert.equal(ok?.run?.ok, true);
    await api.runsViewWhen((v) => v.some((i) => i.label === 'order-hook' && i.children?.[0]?.runId === ok?.runId));
    assert.deepEqual(alerts.map((a) => a.kind), ['failing', 'recovered']);
  });
});
