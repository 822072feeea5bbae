/**
 * The hooks the host tests use, added to the API only in Test mode (`ExtensionMode.Test`, see
 * extension.ts): they could answer the origin prompt for the user or read what the panels showed,
 * so a normal launch never exports them. The capture (panel messages and reports, log lines) is
 * done by observers registered here, not by the production classes. In the build this file is
 * its own bundle, dist/test-api.js, required by extension.ts in Test mode only and left out of
 * the .vsix (.vscodeignore): it must not import modules with state of their own (such as
 * running/engine.ts), which would be a second copy here.
 */
import * as vscode from 'vscode';
import { seqOf, type PanelReport, type ToWebview } from '../shared/messages';
import type { GatewayIonApi } from './api';
import type { DiagnosticsProvider } from './diagnostics/provider';
import type { OriginPrompt } from './secrets/source';
import type { RunningParts } from './running';
import type { SecretStore } from './secrets/store';
import type { TestRunSummary } from './testing/controller';
import type { Started, TriggerHost } from './triggers';

/** How many log lines and posted messages per panel are kept. */
const LOG_KEPT = 500;
const POSTED_KEPT = 50;

export interface GatewayIonTestApi extends GatewayIonApi {
  /** Resolves once the diagnostics of `uri` reflect its current text (or are cleared after close). */
  diagnosticsSettled(uri: vscode.Uri): Promise<void>;
  /** Answers "send secret X to origin Y?" without the dialog; undefined restores the dialog. */
  setOriginPrompt(prompt: OriginPrompt | undefined): void;
  /** The panel script's report for the latest state sent to `file`'s panel. */
  panelRendered(file: vscode.Uri): Promise<PanelReport>;
  /** The messages sent to `file`'s panel (the last 50). */
  panelMessages(file: vscode.Uri): ToWebview[];
  /** What was written to the "Gateway Ion" log channel (the last 500 lines). */
  logLines(): string[];
  /** The run log file runs of `file` append to. */
  runLogPath(file?: vscode.Uri): string;
  /** Aborts `file`'s run in flight; false when none. */
  cancelRun(file: vscode.Uri): boolean;
  /** Whether the engine (undici, QuickJS) has been loaded yet. */
  engineLoaded(): boolean;
  /** The keys of every SecretStorage value read since activation (names only, never values). */
  secretReads(): string[];
  /** Test Explorer's items after discovery: files (with the error shown on the item, if any) and their tests. */
  testItems(): Promise<Array<{ id: string; label: string; error?: string; children: Array<{ id: string; label: string; line: number | undefined }> }>>;
  /** Runs Test Explorer items by id (all when omitted) through the run profile's handler. */
  runTests(ids?: string[]): Promise<TestRunSummary>;
  /** The trigger host's pid and listener while it runs (Start Triggers). */
  triggersInfo(): (Started & { pid: number }) | undefined;
  /** The names of the secrets the trigger host asked for over IPC (names only, never values). */
  triggerSecretRequests(): string[];
  /** The triggers' status bar text while they run. */
  triggersStatusText(): string | undefined;
}

interface PanelLog {
  /** The seq of the latest message sent. */
  seq: number;
  sent: ToWebview[];
  lastReport?: PanelReport;
  waiters: Array<{ seq: number; resolve: (r: PanelReport) => void }>;
}

function findItem(controller: vscode.TestController, id: string): vscode.TestItem | undefined {
  let found: vscode.TestItem | undefined;
  controller.items.forEach((f) => {
    if (f.id === id) found = f;
    else f.children.forEach((c) => {
      if (c.id === id) found = c;
    });
  });
  return found;
}

/** What the test hooks read: the running area's parts, the diagnostics, whether the engine is loaded. */
export interface TestHookSources {
  running: RunningParts;
  diagnostics: DiagnosticsProvider;
  engineLoaded: () => boolean;
  secrets: SecretStore;
  triggers: TriggerHost;
}

/** Registers the observers (disposed with `context`) and returns `base` with the test hooks. */
export function withTestHooks(context: vscode.ExtensionContext, base: GatewayIonApi, sources: TestHookSources): GatewayIonTestApi {
  const { running, diagnostics, engineLoaded, secrets, triggers } = sources;
  const secretReads: string[] = [];
  context.subscriptions.push(secrets.observeReads((key) => secretReads.push(key)));
  const { runner, panels, log, runLogs, tests } = running;
  const lines: string[] = [];
  const panelLogs = new Map<string, PanelLog>();
  const panelLog = (file: vscode.Uri): PanelLog => {
    let p = panelLogs.get(file.toString());
    if (!p) panelLogs.set(file.toString(), (p = { seq: 0, sent: [], waiters: [] }));
    return p;
  };
  context.subscriptions.push(
    log.observe((level, line) => {
      lines.push(`[${level}] ${line}`);
      if (lines.length > LOG_KEPT) lines.splice(0, lines.length - LOG_KEPT);
    }),
    panels.observe({
      showing: (file, message) => {
        const p = panelLog(file);
        p.seq = seqOf(message);
        p.sent.push(message);
        if (p.sent.length > POSTED_KEPT) p.sent.splice(0, p.sent.length - POSTED_KEPT);
      },
      reported: (file, report) => {
        const p = panelLog(file);
        if (!p.lastReport || report.seq >= p.lastReport.seq) p.lastReport = report;
        for (const w of p.waiters.filter((x) => x.seq <= report.seq)) w.resolve(report);
        p.waiters = p.waiters.filter((x) => x.seq > report.seq);
      },
    }),
  );

  const discovered = async (): Promise<void> => {
    await tests.discover();
    tests.syncOpenDocuments();
  };

  return {
    ...base,
    diagnosticsSettled: (uri) => diagnostics.settled(uri),
    setOriginPrompt: (prompt) => {
      runner.setOriginPrompt(prompt);
      triggers.setOriginPrompt(prompt);
    },
    panelRendered: (file) => {
      const p = panelLogs.get(file.toString());
      if (!p) return Promise.reject(new Error(`nothing was shown in a result panel for ${file.toString()}`));
      const done = p.lastReport;
      if (done && done.seq === p.seq) return Promise.resolve(done);
      return new Promise((resolve) => p.waiters.push({ seq: p.seq, resolve }));
    },
    panelMessages: (file) => JSON.parse(JSON.stringify(panelLogs.get(file.toString())?.sent ?? [])) as ToWebview[],
    logLines: () => [...lines],
    runLogPath: (file) => runLogs.pathFor(file),
    cancelRun: (file) => runner.cancel(file),
    engineLoaded,
    secretReads: () => [...secretReads],
    triggersInfo: () => triggers.info(),
    triggerSecretRequests: () => [...triggers.secretRequests],
    triggersStatusText: () => triggers.statusText(),
    testItems: async () => {
      await discovered();
      const out: Awaited<ReturnType<GatewayIonTestApi['testItems']>> = [];
      tests.controller.items.forEach((f) => {
        const children: Array<{ id: string; label: string; line: number | undefined }> = [];
        f.children.forEach((c) => children.push({ id: c.id, label: c.label, line: c.range?.start.line }));
        out.push({ id: f.id, label: f.label, error: typeof f.error === 'string' ? f.error : f.error?.value, children });
      });
      return out;
    },
    runTests: async (ids) => {
      await discovered();
      const include = ids?.map((id) => {
        const item = findItem(tests.controller, id);
        if (!item) throw new Error(`no test item ${id}`);
        return item;
      });
      const source = new vscode.CancellationTokenSource();
      try {
        return await tests.run(new vscode.TestRunRequest(include), source.token);
      } finally {
        source.dispose();
      }
    },
  };
}
