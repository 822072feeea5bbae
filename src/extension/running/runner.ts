/**
 * Run from the editor (`gatewayIon.run`, `gatewayIon.runWithoutOutputs`): the document's current
 * text through the core engine, with SecretStorage secrets (origins asked through the prompt), the
 * picked environment, VS Code's proxy setting, a cancellable progress notification, the run log,
 * one line in the log channel, and the result in the file's panel. Returns the RunResult of
 * docs/reference.md#the-run-result. In Restricted Mode nothing is sent (see restricted.ts).
 */
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { JsonValue } from '../../core/model';
import { parseIntegration } from '../../core/parse';
import type { RunLogEntry, RunResult } from '../../core/result';
import type { RecordedResponse } from '../../core/testing';
import type { ResultPanels } from '../panel/panels';
import { dialogOriginPrompt, editorSecretSource, type OriginPrompt } from '../secrets/source';
import type { EditorServices } from '../services';
import { loadEngine } from './engine';
import type { EnvironmentPicker } from './environment-picker';
import { effectiveEnvironment } from './environments';
import { channelLine, channelTraceLines } from './log-channel-lines';
import { engineEnv, parseRunOptions } from './options';
import { RESTRICTED_MESSAGE, notRunResult, restrictedResult } from './restricted';
import type { RunLogFiles } from './run-log-files';
import { resolveFileUri } from './target';
import { saveRefreshToken } from './sign-in';
import type { LogChannel } from './log-channel';

export interface LastRun {
  result: RunResult;
  responses: RecordedResponse[];
  input?: Record<string, JsonValue>;
  vars?: Record<string, string>;
  curl: string | null;
  /** The version of the document the run read: `curl` describes that text only. */
  version: number;
}

/** A run that reached the run log: its line (with its `runId`) and its masked result. */
export interface RecordedRun {
  entry: RunLogEntry;
  result: RunResult;
}

export class Runner implements vscode.Disposable {
  private readonly recorded = new vscode.EventEmitter<RecordedRun>();
  /** Fires when a run's line is in the run log (the Runs view, the dashboard and the stored results listen). */
  readonly onDidRecord = this.recorded.event;
  private readonly inFlight = new Map<string, AbortController>();
  private readonly lastRuns = new Map<string, LastRun>();
  private promptOverride: OriginPrompt | undefined;

  constructor(
    private readonly services: EditorServices,
    private readonly environments: EnvironmentPicker,
    private readonly panels: ResultPanels,
    private readonly log: LogChannel,
    private readonly runLogs: RunLogFiles,
    /** Where `cache:` keeps responses: a folder in the extension's storage (README "Caching responses"). */
    private readonly cacheDir?: string,
  ) {}

  private cacheStore?: import('../../core/cache').CacheStore;

  dispose(): void {
    this.recorded.dispose();
  }

  /** Replaces the origin dialog (host tests answer without a dialog); undefined restores it. */
  setOriginPrompt(prompt: OriginPrompt | undefined): void {
    this.promptOverride = prompt;
  }

  last(file: vscode.Uri): LastRun | undefined {
    return this.lastRuns.get(file.toString());
  }

  /** Aborts the file's run in flight (→ `cancelled`). False when none is running. */
  cancel(file: vscode.Uri): boolean {
    const c = this.inFlight.get(file.toString());
    if (!c) return false;
    c.abort();
    return true;
  }

  private async record(log: { append(e: RunLogEntry): Promise<void> }, entry: RunLogEntry, result: RunResult): Promise<void> {
    await log.append(entry);
    this.recorded.fire({ entry, result });
  }

  async run(uriArg: unknown, optionsArg: unknown, defaults: { outputs: boolean; noCache?: boolean }): Promise<RunResult> {
    const file = resolveFileUri(uriArg, 'gatewayIon.run');
    const options = parseRunOptions(optionsArg);
    const document = await vscode.workspace.openTextDocument(file);
    const version = document.version;
    const parsed = parseIntegration(document.getText(), { fileName: file.fsPath });
    const name = typeof parsed.value?.name === 'string' ? parsed.value.name : '';
    const environment = options.env ?? effectiveEnvironment(parsed.value, this.environments.picked(file)) ?? undefined;

    if (!vscode.workspace.isTrusted) {
      const result = restrictedResult(name, file.fsPath, environment ?? null);
      this.log.warn(`${channelLine(result)} (Restricted Mode: nothing sent)`);
      this.panels.show(file, { result, curl: null, canSaveAsTest: false });
      void vscode.window.showWarningMessage(RESTRICTED_MESSAGE, 'Manage Workspace Trust').then((choice) => {
        if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
      });
      return result;
    }

    const engine = await loadEngine();
    const key = file.toString();
    this.inFlight.get(key)?.abort();
    const controller = new AbortController();
    this.inFlight.set(key, controller);
    const http = vscode.workspace.getConfiguration('http');
    const env = engineEnv(process.env, http.get<string>('proxy'), http.get<string[]>('noProxy'));
    const responses: RecordedResponse[] = [];
    this.panels.running(file, environment ?? null);
    let result: RunResult;
    try {
      result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Gateway Ion: running ${name || 'integration'}`, cancellable: true },
        (progress, token) => {
          token.onCancellationRequested(() => controller.abort());
          return engine.runIntegration(parsed, {
            file: file.fsPath,
            environment,
            input: options.input,
            vars: options.vars,
            secrets: editorSecretSource(this.services.secrets, () => this.promptOverride ?? dialogOriginPrompt),
            env,
            signal: controller.signal,
            outputs: options.outputs ?? defaults.outputs,
            trigger: 'manual',
            cache: this.cacheDir ? (this.cacheStore ??= new engine.FileCacheStore(this.cacheDir)) : undefined,
            noCache: defaults.noCache === true,
            // The token endpoint rotated the refresh token: saved back where the run read it (README "Signing in").
            onRefreshTokenRotated: (r) => saveRefreshToken(this.services.secrets, r.secret, r.environment, r.value).then(() => undefined),
            // Each line gets a runId that keys the stored result (README "Runs view").
            hooks: { ...engine.defaultRunHooks(), recordRun: (entry, masked) => this.record(new engine.FileRunLog(this.runLogs.pathFor(file)), { ...entry, runId: randomUUID() }, masked) },
            onEvent: (e) => {
              if (e.type === 'response') responses.push({ status: e.status, headers: e.headers, body: e.body });
              else if (e.type === 'attempt-start') progress.report({ message: `attempt ${e.attempt}` });
              else if (e.type === 'wait') progress.report({ message: `waiting ${Math.round(e.waitMs)} ms before attempt ${e.attempt + 1}` });
            },
          });
        },
      );
    } catch (e) {
      if (e instanceof engine.UnknownEnvironmentError) {
        const hint = `Pick one of the file's environments (${e.known.join(', ') || 'none'}) with "Gateway Ion: Select Environment".`;
        this.panels.show(file, { result: notRunResult(name, file.fsPath, null, { code: 'invalid_file', message: e.message, hint }), curl: null, canSaveAsTest: false });
        throw new Error(`gatewayIon.run: ${e.message}`);
      }
      throw e;
    } finally {
      if (this.inFlight.get(key) === controller) this.inFlight.delete(key);
    }
    // Replaced by a newer run of the same file: that run owns the panel and the last run now.
    const owner = this.inFlight.get(key);
    if (controller.signal.aborted && owner !== undefined && owner !== controller) {
      this.log.info(`${channelLine(result)} (replaced by a newer run)`);
      return result;
    }

    let curl: string | null = null;
    try {
      curl = await engine.renderCurl(parsed, { file: file.fsPath, environment: result.environment ?? undefined, input: options.input, vars: options.vars, env });
    } catch (e) {
      // The run itself is reported; only the panel's "Copy as cURL" of this run is missing.
      this.log.warn(`${channelLine(result)}: cannot build the curl command (${(e as Error).message})`);
      curl = null;
    }
    this.lastRuns.set(key, { result, responses, input: options.input, vars: options.vars, curl, version });
    if (result.ok) this.log.info(channelLine(result));
    else this.log.error(channelLine(result));
    for (const line of channelTraceLines(result)) this.log.trace(line);
    const canSaveAsTest = responses.length > 0 && result.errors[0]?.code !== 'invalid_file';
    this.panels.show(file, { result, curl, canSaveAsTest });
    return result;
  }
}
