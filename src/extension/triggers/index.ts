/**
 * Start Triggers / Stop Triggers / Send Test Event (README "Triggers", "In VS Code"): the editor runs
 * `ion serve` for a workspace folder in a child process (child.ts, dist/serve-host.js), so the
 * listener, the inbox and the runs stay out of the extension host. Secrets go to the child over IPC
 * when it asks (the same SecretStorage and origin prompt as Run), never through its environment or
 * argv. A status bar item shows the port, the webhooks served and the next scheduled run while it runs.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { JsonValue } from '../../core/model';
import { parseIntegration } from '../../core/parse';
import type { RunningParts } from '../running';
import type { RecordedRun } from '../running/runner';
import { engineEnv } from '../running/options';
import { dialogOriginPrompt, editorSecretSource, type OriginPrompt } from '../secrets/source';
import type { EditorServices } from '../services';
import { childEnv, type FromChild, type HookInfo, type StartMessage, type ToChild, type TriggerStatus } from './protocol';

export const TRIGGERS_RESTRICTED_MESSAGE = 'Triggers run integrations against the real APIs and are off in Restricted Mode: trust the workspace to start them';
/** How long Stop Triggers lets running runs finish before the child is killed (ion serve's own grace is 30s). */
const STOP_GRACE_MS = 35_000;
/** How long deactivation waits after SIGTERM. */
const DEACTIVATE_GRACE_MS = 3_000;
/** How long Send Test Event waits for the run to reach the run log. */
const RUN_WAIT_MS = 30_000;

export interface StartOptions {
  /** Default: `gatewayIon.triggers.port` (8788); 0 picks a free port. */
  port?: number;
  /** The environment of every file (default: each file's default environment). */
  env?: string;
  schedules?: boolean;
  webhooks?: boolean;
  /** Test mode only (quiet: no notifications). */
  quiet?: boolean;
}

export interface Started {
  url: string;
  port: number;
  folder: string;
  webhooks: HookInfo[];
  schedules: number;
  skipped: string[];
}

export interface TestEventAnswer {
  status: number;
  body: unknown;
  runId?: string;
  /** The run log entry of the run, once it finished (undefined if it did not within 30s). */
  run?: Record<string, unknown>;
}

async function findRun(runLogPath: string, runId: string): Promise<Record<string, unknown> | undefined> {
  let text: string;
  try {
    text = await readFile(runLogPath, 'utf8');
  } catch {
    return undefined;
  }
  for (const line of text.split('\n').reverse()) {
    if (!line.includes(runId)) continue;
    try {
      const entry = JSON.parse(line) as Record<string, unknown>;
      if (entry.runId === runId) return entry;
    } catch {
      // a line being written
    }
  }
  return undefined;
}

export class TriggerHost implements vscode.Disposable {
  private child: ChildProcess | undefined;
  private started: Started | undefined;
  private runLogPath = '';
  private current: TriggerStatus = { served: 0, nextSchedule: null };
  private stopping = false;
  private promptOverride: OriginPrompt | undefined;
  private shownRunning = false;
  private readonly item: vscode.StatusBarItem;
  private nextTestId = 1;
  private readonly testAnswers = new Map<number, (a: { status: number; text: string }) => void>();
  /** Names (never values) of the secrets the current child asked for (since Start Triggers), for the host tests. */
  readonly secretRequests: string[] = [];
  private readonly recorded = new vscode.EventEmitter<RecordedRun>();
  /** Fires when a triggered run is in the run log (the Runs view, the dashboard, stored results, alerts). */
  readonly onDidRecord = this.recorded.event;

  constructor(
    private readonly services: EditorServices,
    private readonly running: RunningParts,
  ) {
    this.item = vscode.window.createStatusBarItem('gatewayIon.triggers', vscode.StatusBarAlignment.Left, 40);
    this.item.name = 'Gateway Ion Triggers';
    this.item.command = 'gatewayIon.triggers.menu';
  }

  setOriginPrompt(prompt: OriginPrompt | undefined): void {
    this.promptOverride = prompt;
  }

  /** The child's pid and listener while it runs (test hooks). */
  info(): (Started & { pid: number }) | undefined {
    return this.child?.pid !== undefined && this.started ? { ...this.started, pid: this.child.pid } : undefined;
  }

  /** The status bar item's text, or undefined while it is hidden (test hooks). */
  statusText(): string | undefined {
    return this.child && this.started ? this.item.text : undefined;
  }

  async start(options: StartOptions = {}): Promise<Started | undefined> {
    if (!vscode.workspace.isTrusted) {
      this.running.log.warn(`Start Triggers: ${TRIGGERS_RESTRICTED_MESSAGE}`);
      void vscode.window.showWarningMessage(TRIGGERS_RESTRICTED_MESSAGE, 'Manage Workspace Trust').then((choice) => {
        if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
      });
      return undefined;
    }
    if (this.child) {
      if (!options.quiet) void vscode.window.showInformationMessage(`Gateway Ion: triggers are already running on ${this.started?.url ?? 'a port'}.`);
      return this.started;
    }
    const active = vscode.window.activeTextEditor?.document.uri;
    const folder = (active && vscode.workspace.getWorkspaceFolder(active)) ?? vscode.workspace.workspaceFolders?.[0];
    if (!folder || folder.uri.scheme !== 'file') {
      void vscode.window.showErrorMessage('Gateway Ion: Start Triggers needs a workspace folder on this machine.');
      return undefined;
    }
    const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*.{ion.yaml,ion.yml}'), '**/node_modules/**');
    const config = vscode.workspace.getConfiguration('gatewayIon', folder.uri);
    const http = vscode.workspace.getConfiguration('http');
    this.runLogPath = this.running.runLogs.pathFor(folder.uri);
    const message: StartMessage = {
      type: 'start',
      files: uris.map((u) => u.fsPath).sort(),
      host: '127.0.0.1',
      port: options.port ?? config.get<number>('triggers.port') ?? 8788,
      environment: options.env,
      runLogPath: this.runLogPath,
      inboxDir: join(folder.uri.fsPath, '.ion', 'inbox'),
      schedules: options.schedules ?? true,
      webhooks: options.webhooks ?? true,
      env: childEnv(engineEnv(process.env, http.get<string>('proxy'), http.get<string[]>('noProxy'))),
    };
    // No secret in the environment or argv: they come over the IPC channel when the child asks.
    const child = fork(join(this.services.context.extensionUri.fsPath, 'dist', 'serve-host.js'), [], {
      // In desktop VS Code the extension host's execPath is Electron: run it as plain Node.
      env: { ...childEnv(process.env), ELECTRON_RUN_AS_NODE: '1' },
      execArgv: [],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      cwd: folder.uri.fsPath,
    });
    this.child = child;
    this.stopping = false;
    this.secretRequests.length = 0;
    this.current = { served: 0, nextSchedule: null };
    const log = this.running.log;
    for (const stream of [child.stdout, child.stderr]) {
      stream?.setEncoding('utf8');
      stream?.on('data', (text: string) => {
        for (const line of text.split('\n')) if (line.trim()) log.warn(`[triggers] ${line}`);
      });
    }
    const source = editorSecretSource(this.services.secrets, () => this.promptOverride ?? dialogOriginPrompt);
    const reply = (m: ToChild) => {
      if (child.connected) child.send(m);
    };
    const outcome = new Promise<Started | string>((resolve) => {
      child.on('message', (m: FromChild) => {
        switch (m.type) {
          case 'secret-get':
            this.secretRequests.push(m.name);
            source.get(m.name, m.environment).then(
              (value) => reply({ type: 'secret', id: m.id, value: value ?? null }),
              () => reply({ type: 'secret', id: m.id, value: null }),
            );
            break;
          case 'origin-ask':
            source.allowOrigin(m.name, m.origin).then(
              (allowed) => reply({ type: 'origin', id: m.id, allowed }),
              () => reply({ type: 'origin', id: m.id, allowed: false }),
            );
            break;
          case 'started':
            this.started = { url: m.url, port: m.port, folder: folder.uri.fsPath, webhooks: m.webhooks, schedules: m.schedules, skipped: m.skipped };
            resolve(this.started);
            break;
          case 'status':
            this.current = { served: m.served, nextSchedule: m.nextSchedule };
            this.render();
            break;
          case 'log':
            // Masked by the child; printed as is.
            log[m.level](`[triggers] ${m.line}`);
            break;
          case 'failed':
            resolve(m.message);
            break;
          case 'test-answer':
            this.testAnswers.get(m.id)?.({ status: m.status, text: m.text });
            this.testAnswers.delete(m.id);
            break;
          case 'stopped':
            break;
          case 'run':
            this.recorded.fire({ entry: m.entry, result: m.result });
            break;
        }
      });
      child.on('exit', (code, signal) => {
        resolve(`the trigger host exited (${signal ?? `code ${code}`}) before it started`);
        if (this.child === child) {
          for (const answer of this.testAnswers.values()) answer({ status: 0, text: 'the trigger host ended' });
          this.testAnswers.clear();
          this.child = undefined;
          this.started = undefined;
          this.render();
          if (!this.stopping) log.warn(`[triggers] the trigger host ended unexpectedly (${signal ?? `code ${code}`})`);
          else log.info('[triggers] stopped');
        }
      });
    });
    child.send(message);
    const result = await outcome;
    if (typeof result === 'string') {
      log.error(`[triggers] could not start: ${result}`);
      if (!options.quiet) void vscode.window.showErrorMessage(`Gateway Ion: triggers could not start: ${result}`);
      if (this.child === child) child.kill('SIGKILL');
      throw new Error(`gatewayIon.triggers.start: ${result}`);
    }
    log.info(`[triggers] listening on ${result.url} for ${folder.name}: ${result.webhooks.length} webhook(s), ${result.schedules} schedule(s)`);
    for (const h of result.webhooks) log.info(`[triggers]   webhook ${h.method} ${h.path}  ${h.integration}${h.signature ? ` (${h.signature} signature)` : ''}`);
    for (const f of result.skipped) log.warn(`[triggers]   skipped ${f}: it has errors (see Problems)`);
    this.render();
    return result;
  }

  /** Stops the child: SIGTERM (running runs finish), then a kill after `graceMs`. False when none runs. */
  async stop(graceMs = STOP_GRACE_MS): Promise<boolean> {
    const child = this.child;
    if (!child) return false;
    this.stopping = true;
    const exited = new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
    child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    if (timer) clearTimeout(timer);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
    return true;
  }

  async sendTestEvent(uriArg: unknown, options: { input?: JsonValue; test?: number; quiet?: boolean } = {}): Promise<TestEventAnswer | undefined> {
    const uri = uriArg instanceof vscode.Uri ? uriArg : vscode.window.activeTextEditor?.document.uri;
    if (!uri) throw new Error('gatewayIon.triggers.sendTestEvent: open an integration file first');
    const started = this.started;
    if (!started) {
      const choice = options.quiet ? undefined : await vscode.window.showWarningMessage('Gateway Ion: triggers are not running.', 'Start Triggers');
      if (choice) await vscode.commands.executeCommand('gatewayIon.triggers.start');
      return undefined;
    }
    const document = await vscode.workspace.openTextDocument(uri);
    const parsed = parseIntegration(document.getText(), { fileName: uri.fsPath });
    const file = parsed.value;
    if (!file || file.trigger?.type !== 'webhook') throw new Error(`gatewayIon.triggers.sendTestEvent: ${uri.fsPath} has no webhook trigger`);
    const hook = started.webhooks.find((h) => h.integration === file.name);
    if (!hook) throw new Error(`gatewayIon.triggers.sendTestEvent: ${file.name} is not served (was it added after Start Triggers? stop and start them again)`);

    let input: JsonValue | undefined = options.input;
    const tests = (file.tests ?? []).filter((t) => t.input !== undefined);
    if (input === undefined && options.test !== undefined) input = tests[options.test]?.input;
    if (input === undefined && tests.length > 0 && !options.quiet) {
      const picks = [{ label: 'Trigger input', input: file.trigger.input as JsonValue | undefined }, ...tests.map((t, i) => ({ label: t.name ?? `test ${i + 1}`, input: t.input as JsonValue }))];
      const pick = await vscode.window.showQuickPick(picks, { title: 'Send Test Event: which input?' });
      if (!pick) return undefined;
      input = pick.input;
    }
    input ??= (file.trigger.input as JsonValue | undefined) ?? {};
    // The child signs it (it holds the listener's signature settings and asks for the secret over IPC).
    const child = this.child;
    if (!child) return undefined;
    const id = this.nextTestId++;
    const answer = await new Promise<{ status: number; text: string }>((resolve) => {
      this.testAnswers.set(id, resolve);
      child.send({ type: 'test-event', id, integration: file.name, input } satisfies ToChild);
    });
    if (answer.status === 0) throw new Error(`gatewayIon.triggers.sendTestEvent: ${answer.text}`);
    let body: unknown = answer.text;
    try {
      body = JSON.parse(answer.text);
    } catch {
      // not JSON: kept as text
    }
    const runId = answer.status === 202 && body && typeof body === 'object' ? (body as { runId?: string }).runId : undefined;
    const log = this.running.log;
    log.info(`[triggers] test event to ${hook.method} ${hook.path}: ${answer.status}${runId ? ` run ${runId}` : ''}`);
    const result: TestEventAnswer = { status: answer.status, body, runId };
    if (!runId) {
      if (!options.quiet) void vscode.window.showWarningMessage(`Gateway Ion: the listener answered ${answer.status}: ${answer.text.trim()}`);
      return result;
    }
    const until = Date.now() + RUN_WAIT_MS;
    while (Date.now() < until && !(result.run = await findRun(this.runLogPath, runId))) await new Promise((r) => setTimeout(r, 150));
    const outcome = result.run ? (result.run.ok ? 'succeeded' : `failed (${String(result.run.errorCode)})`) : 'is still running';
    log.info(`[triggers] test event run ${runId} of ${file.name} ${outcome} (run log: ${this.runLogPath})`);
    if (!options.quiet) {
      // The run: its lines in the log channel, shown without taking the focus.
      log.channel.show(true);
      void vscode.window.showInformationMessage(`Gateway Ion: test event accepted (202), run ${runId} ${outcome}.`);
    }
    return result;
  }

  async menu(): Promise<void> {
    const items = this.child
      ? [
          { label: '$(debug-stop) Stop Triggers', command: 'gatewayIon.triggers.stop' },
          { label: '$(output) Show Log', command: 'showLog' },
          { label: '$(send) Send Test Event', command: 'gatewayIon.triggers.sendTestEvent' },
        ]
      : [{ label: '$(play) Start Triggers', command: 'gatewayIon.triggers.start' }];
    const pick = await vscode.window.showQuickPick(items, { title: this.started ? `Gateway Ion triggers on ${this.started.url}` : 'Gateway Ion triggers' });
    if (!pick) return;
    if (pick.command === 'showLog') this.running.log.channel.show(true);
    else await vscode.commands.executeCommand(pick.command);
  }

  private render(): void {
    const s = this.started;
    const running = this.child !== undefined && s !== undefined;
    if (running !== this.shownRunning) {
      this.shownRunning = running;
      void vscode.commands.executeCommand('setContext', 'gatewayIon.triggersRunning', running);
    }
    if (!this.child || !s) {
      this.item.hide();
      return;
    }
    const next = this.current.nextSchedule;
    const time = next ? new Date(next.at).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' }) : undefined;
    this.item.text = `$(broadcast) Ion :${s.port} · ${this.current.served} served${time ? ` · next ${time}` : ''}`;
    this.item.tooltip = [
      `Gateway Ion triggers on ${s.url}`,
      ...s.webhooks.map((h) => `webhook ${h.method} ${h.path} (${h.integration})`),
      `${this.current.served} webhook event(s) served`,
      next ? `next scheduled run: ${next.integration} at ${next.at}` : s.schedules > 0 ? 'no scheduled run ahead' : 'no schedules',
      'Click for Stop, Show Log, Send Test Event',
    ].join('\n');
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
    this.recorded.dispose();
    void this.stop(DEACTIVATE_GRACE_MS);
  }
}

/** The current activation's host, for `deactivate`. */
let host: TriggerHost | undefined;

export function registerTriggers(context: vscode.ExtensionContext, services: EditorServices, running: RunningParts): TriggerHost {
  const triggers = new TriggerHost(services, running);
  host = triggers;
  const fail = (e: unknown) => {
    const message = e instanceof Error ? e.message : String(e);
    void vscode.window.showErrorMessage(`Gateway Ion: ${message}`);
  };
  context.subscriptions.push(
    triggers,
    vscode.commands.registerCommand('gatewayIon.triggers.start', (options?: StartOptions) => triggers.start(options ?? {})),
    vscode.commands.registerCommand('gatewayIon.triggers.stop', async () => {
      const stopped = await triggers.stop();
      if (!stopped) void vscode.window.showInformationMessage('Gateway Ion: triggers are not running.');
      return stopped;
    }),
    vscode.commands.registerCommand('gatewayIon.triggers.sendTestEvent', (uri?: unknown, options?: { input?: JsonValue; test?: number; quiet?: boolean }) =>
      triggers.sendTestEvent(uri, options).catch((e: unknown) => {
        if (options?.quiet) throw e;
        fail(e);
        return undefined;
      }),
    ),
    vscode.commands.registerCommand('gatewayIon.triggers.menu', () => triggers.menu()),
  );
  return triggers;
}

/** Stops the trigger host (SIGTERM, then a kill after 3s): called by `deactivate`. */
export async function stopTriggers(): Promise<void> {
  const h = host;
  host = undefined;
  await h?.stop(DEACTIVATE_GRACE_MS);
}
