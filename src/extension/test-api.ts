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
import type { DashboardRendered, DashboardState } from '../shared/dashboard-messages';
import type { HistoryHost } from './history';
import type { Alert } from '../core/alerts';
import type { AlertNotifier } from './history/alerts';
import type { DashboardTiming } from './history/dashboard';
import type { RunsNode, RunsViewItem } from './history/tree';
import type { ImportPickers } from './editing/import-spec';
import type { SignInHooks } from './running/sign-in';

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
  /** The keys of every SecretStorage value stored or deleted since activation (names only, never values). */
  secretChanges(): string[];
  /** Test Explorer's items after discovery: files (with the error shown on the item, if any) and their tests. */
  testItems(): Promise<Array<{ id: string; label: string; error?: string; children: Array<{ id: string; label: string; line: number | undefined }> }>>;
  /** Runs Test Explorer items by id (all when omitted) through the run profile's handler. */
  runTests(ids?: string[]): Promise<TestRunSummary>;
  /** The trigger host's pid and listener while it runs (Start Triggers). */
  triggersInfo(): (Started & { pid: number }) | undefined;
  /** The names of the secrets the running trigger host asked for over IPC since it started (names only, never values). */
  triggerSecretRequests(): string[];
  /** The triggers' status bar text while they run. */
  triggersStatusText(): string | undefined;
  /** Whether the run history bundle (dist/history.js) has been loaded. */
  historyLoaded(): boolean;
  /** The Runs view's items (through its TreeDataProvider), integrations with their runs. */
  runsView(): Promise<RunsViewItem[]>;
  /** Resolves with the Runs view once `accept` holds (checked now and after each run that lands); rejects after `timeoutMs`. */
  runsViewWhen(accept: (items: RunsViewItem[]) => boolean, timeoutMs?: number): Promise<RunsViewItem[]>;
  /** Selects the run `runId` in the Runs view (runs the item's command with its node). */
  selectRun(runId: string): Promise<void>;
  /** The dashboard script's report of the latest state posted (waits for it). */
  dashboardRendered(): Promise<DashboardRendered>;
  /** Resolves with the next state posted to the dashboard (call before what causes it). */
  nextDashboardPost(): Promise<DashboardState>;
  /** Our part of each dashboard open and update, in ms. */
  dashboardTimings(): DashboardTiming[];
  /** Clicks "Show run" on the dashboard's last error of `integration` (as the webview would ask). */
  dashboardShowRun(integration: string, file: string | null, runId: string): Promise<void>;
  /** Replaces the alert notification (answer with an action); undefined restores it. */
  setAlertNotifier(notifier: AlertNotifier | undefined): void;
  /** The alerts raised so far. */
  alertsRaised(): Alert[];
  /** Answers the operation quick pick of New Integration from OpenAPI with the item labelled `id`; undefined restores the quick pick. */
  setImportOperationPick(id: string | undefined): void;
  /** Replaces the browser of "Gateway Ion: Sign In" (`vscode.env.openExternal`): gets each URL it would open; undefined restores it. */
  setOpenExternal(open: ((url: string) => Promise<boolean>) | undefined): void;
  /** Whether the import bundle (dist/import.js, the OpenAPI parser) has been loaded. */
  importLoaded(): boolean;
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
  history: HistoryHost;
  importPickers: ImportPickers;
  signInHooks: SignInHooks;
  importLoaded: () => boolean;
}

/** Registers the observers (disposed with `context`) and returns `base` with the test hooks. */
export function withTestHooks(context: vscode.ExtensionContext, base: GatewayIonApi, sources: TestHookSources): GatewayIonTestApi {
  const { running, diagnostics, engineLoaded, secrets, triggers, history } = sources;
  // The dashboard's observers are registered when dist/history.js loads (before any dashboard opens).
  let dashboardSeq = 0;
  let dashboardReport: DashboardRendered | undefined;
  let dashboardWaiters: Array<{ seq: number; resolve: (r: DashboardRendered) => void }> = [];
  let postWaiters: Array<(s: DashboardState) => void> = [];
  let alertNotifier: AlertNotifier | undefined;
  history.whenLoaded((h) => {
    h.alerts.setNotifier(alertNotifier);
    context.subscriptions.push(
      h.dashboard.observe({
        posted: (state) => {
          dashboardSeq = state.seq;
          const w = postWaiters;
          postWaiters = [];
          for (const f of w) f(state);
        },
        rendered: (report) => {
          if (!dashboardReport || report.seq >= dashboardReport.seq) dashboardReport = report;
          for (const w of dashboardWaiters.filter((x) => x.seq <= report.seq)) w.resolve(report);
          dashboardWaiters = dashboardWaiters.filter((x) => x.seq > report.seq);
        },
      }),
    );
  });
  const runsView = async (): Promise<RunsViewItem[]> => (await history.load()).tree.snapshot();
  const findRunNode = async (runId: string): Promise<RunsNode | undefined> => {
    const provider = history.provider;
    for (const top of (await provider.getChildren(undefined)) ?? []) {
      for (const n of (await provider.getChildren(top)) ?? []) if (n.kind === 'run' && n.entry.runId === runId) return n;
    }
    return undefined;
  };
  const secretReads: string[] = [];
  context.subscriptions.push(secrets.observeReads((key) => secretReads.push(key)));
  const secretChanges: string[] = [];
  context.subscriptions.push(secrets.onDidChange((key) => secretChanges.push(key)));
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
    secretChanges: () => [...secretChanges],
    triggersInfo: () => triggers.info(),
    triggerSecretRequests: () => [...triggers.secretRequests],
    triggersStatusText: () => triggers.statusText(),
    historyLoaded: () => history.isLoaded,
    runsView,
    runsViewWhen: (accept, timeoutMs = 30000) =>
      new Promise((resolve, reject) => {
        let done = false;
        const check = () =>
          void runsView().then((items) => {
            if (done || !accept(items)) return;
            done = true;
            clearTimeout(timer);
            sub.dispose();
            resolve(items);
          }, reject);
        const sub = history.onDidLand(check);
        const timer = setTimeout(() => {
          done = true;
          sub.dispose();
          void runsView().then((items) => reject(new Error(`the Runs view did not get there in ${timeoutMs} ms: ${JSON.stringify(items)}`)));
        }, timeoutMs);
        check();
      }),
    selectRun: async (runId) => {
      const node = await findRunNode(runId);
      if (!node) throw new Error(`run ${runId} is not in the Runs view`);
      const item = history.provider.getTreeItem(node) as vscode.TreeItem;
      if (!item.command) throw new Error(`the Runs view item of ${runId} has no command`);
      await vscode.commands.executeCommand(item.command.command, ...(item.command.arguments ?? []));
    },
    dashboardRendered: () => {
      if (dashboardReport && dashboardReport.seq === dashboardSeq) return Promise.resolve(dashboardReport);
      return new Promise((resolve) => dashboardWaiters.push({ seq: dashboardSeq, resolve }));
    },
    nextDashboardPost: () => new Promise((resolve) => postWaiters.push(resolve)),
    dashboardTimings: () => [...(history.current?.dashboard.timings ?? [])],
    dashboardShowRun: async (integration, file, runId) => (await history.load()).showRun(integration, file, runId),
    setAlertNotifier: (notifier) => {
      alertNotifier = notifier;
      history.whenLoaded((h) => h.alerts.setNotifier(notifier));
    },
    alertsRaised: () => [...(history.current?.alerts.raised ?? [])],
    setOpenExternal: (open) => {
      sources.signInHooks.openExternal = open;
    },
    setImportOperationPick: (id) => {
      sources.importPickers.pickOperation = id === undefined ? undefined : async (items) => items.find((i) => i.label === id);
    },
    importLoaded: () => sources.importLoaded(),
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
