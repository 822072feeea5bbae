/**
 * The dashboard webview (`gatewayIon.showDashboard`, README "Dashboard"): the report of the core's
 * `buildReport` (the figures of `ion report`) over the editor's run history, with the workspace's
 * facts (schedules, secrets not set). Same CSP, nonce and checked messages as the response panel;
 * its script is its own bundle (dist/webview/dashboard.js). When a run lands only that
 * integration's lines are summed again (the others' figures are kept) and the new report is
 * posted; `timings` records how long our part of each update took.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { buildReport, type IntegrationFacts, type IntegrationReport, type Report } from '../../core/report';
import { parseFromDashboard, type DashboardRendered, type DashboardState, type ToDashboard } from '../../shared/dashboard-messages';
import { panelHtml } from '../panel/csp';
import type { RunHistoryModel } from './model';

export const DASHBOARD_VIEW_TYPE = 'gatewayIon.dashboard';

export interface DashboardObserver {
  posted(state: DashboardState): void;
  rendered(report: DashboardRendered): void;
}

export interface DashboardHandlers {
  showRun(integration: string, file: string | null, runId: string): void;
  facts(): Promise<{ facts: IntegrationFacts[]; files: number }>;
}

/** Our part of an update (a run landed → the message posted), in ms, the latest last. */
export interface DashboardTiming {
  /** `open`: Show Dashboard until the report is posted (or queued for the webview); its parts `read` (the run logs, once), `facts`, `build`; `ready`: the webview created → its script ready; `update`: a run landed → posted. */
  kind: 'open' | 'read' | 'facts' | 'build' | 'ready' | 'update';
  ms: number;
}

let seqCounter = 0;

export class Dashboard implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  private latest: ToDashboard | undefined;
  private report: Report | undefined;
  private facts: IntegrationFacts[] = [];
  private files = 0;
  private readonly observers = new Set<DashboardObserver>();
  private createdAt = 0;
  readonly timings: DashboardTiming[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly model: RunHistoryModel,
    private readonly handlers: DashboardHandlers,
  ) {}

  observe(o: DashboardObserver): vscode.Disposable {
    this.observers.add(o);
    return new vscode.Disposable(() => this.observers.delete(o));
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  private options(): vscode.WebviewOptions {
    return {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(this.extensionUri, 'media')],
    };
  }

  /** Opens (or reveals) the dashboard and posts the report of the whole history. */
  async show(): Promise<void> {
    const t0 = performance.now();
    if (this.panel) this.panel.reveal(undefined, false);
    else this.adopt(vscode.window.createWebviewPanel(DASHBOARD_VIEW_TYPE, 'Gateway Ion Dashboard', vscode.ViewColumn.Active, this.options()));
    await this.refresh();
    this.timing('open', performance.now() - t0);
  }

  /** A dashboard VS Code restored after a reload (the serializer): it gets a fresh report. */
  async restore(panel: vscode.WebviewPanel): Promise<void> {
    this.panel?.dispose();
    this.adopt(panel);
    await this.refresh();
  }

  private adopt(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.ready = false;
    this.createdAt = performance.now();
    panel.webview.options = this.options();
    panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw));
    panel.onDidDispose(() => {
      if (this.panel === panel) this.panel = undefined;
    });
    panel.webview.html = panelHtml({
      cspSource: panel.webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview', 'dashboard.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'dashboard.css')).toString(),
      title: 'Gateway Ion Dashboard',
      report: this.observers.size > 0,
      placeholder: 'Reading the run history…',
    });
  }

  private receive(raw: unknown): void {
    const m = parseFromDashboard(raw);
    if (!m) return;
    switch (m.type) {
      case 'ready':
        if (!this.ready) this.timing('ready', performance.now() - this.createdAt);
        this.ready = true;
        if (this.latest && m.seq !== this.latest.state.seq) this.post(this.latest);
        return;
      case 'rendered':
        for (const o of this.observers) o.rendered(m.report);
        return;
      case 'showRun':
        this.handlers.showRun(m.integration, m.file, m.runId);
        return;
      case 'openFile':
        void vscode.window.showTextDocument(vscode.Uri.file(m.file), { preview: false });
        return;
    }
  }

  private post(message: ToDashboard): void {
    if (this.panel && this.ready) void this.panel.webview.postMessage(message);
  }

  private send(report: Report): void {
    this.report = report;
    const state: DashboardState = { seq: ++seqCounter, report, files: this.files };
    this.latest = { type: 'report', state };
    for (const o of this.observers) o.posted(state);
    this.post(this.latest);
  }

  /** Reads the facts and sums up the whole history again. */
  async refresh(): Promise<void> {
    const t0 = performance.now();
    const reading = !this.model.started;
    // The workspace's files are found and parsed while the logs are read.
    const [{ facts, files }] = await Promise.all([
      this.handlers.facts().then((f) => (this.timing('facts', performance.now() - t0), f)),
      this.model.load().then(() => reading && this.timing('read', performance.now() - t0)),
    ]);
    this.facts = facts;
    this.files = files;
    const t = performance.now();
    const report = buildReport(this.model.all(), { integrations: facts });
    this.timing('build', performance.now() - t);
    this.send(report);
  }

  private timing(kind: DashboardTiming['kind'], ms: number): void {
    this.timings.push({ kind, ms });
    if (this.timings.length > 100) this.timings.splice(0, this.timings.length - 100);
  }

  /** A run of `integration` landed (already in the model): only its lines are summed again. */
  update(integration: string): void {
    if (!this.panel || !this.report) return;
    const t0 = performance.now();
    const facts = this.facts.filter((f) => f.integration === integration);
    const fresh = buildReport(this.model.of(integration), { integrations: facts });
    const others = this.report.integrations.filter((r) => r.integration !== integration);
    // The order buildReport gives the whole history: by integration, then environment.
    const cmp = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
    const merged: IntegrationReport[] = [...others, ...fresh.integrations].sort((a, b) => cmp(a.integration, b.integration) || cmp(a.environment ?? '', b.environment ?? ''));
    this.send({ since: fresh.since, until: fresh.until, integrations: merged });
    this.timing('update', performance.now() - t0);
  }

  dispose(): void {
    this.panel?.dispose();
    this.observers.clear();
  }
}
