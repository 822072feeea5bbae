/**
 * The response panels: one webview per integration file, beside the editor, reused on re-run.
 * The extension posts only after the script's `ready` (sent again after every reload); every
 * message from the script is checked (`parseFromWebview`). The script's `rendered` reports are
 * kept so tests can await what was shown (`rendered(uri)`). State survives reloads through the
 * script's setState and the `gatewayIon.result` serializer.
 */
import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { parseFromWebview, parseSavedState, type FromWebview, type PanelReport, type PanelState, type ToWebview } from '../../shared/messages';
import { panelHtml } from './csp';

export const PANEL_VIEW_TYPE = 'gatewayIon.result';

export interface PanelHandlers {
  reveal(file: vscode.Uri, line: number, column: number): void;
  copyCurl(file: vscode.Uri): void;
  saveAsTest(file: vscode.Uri): void;
}

interface Entry {
  panel: vscode.WebviewPanel;
  ready: boolean;
  /** The last message that sets what is shown (re-posted after a reload). */
  latest?: ToWebview;
  seq: number;
  /** The script's newest report (the one `rendered` answers with when it matches `seq`). */
  lastReport?: PanelReport;
  waiters: Array<{ seq: number; resolve: (r: PanelReport) => void }>;
  /** The last POSTED_KEPT messages posted to this panel (for tests: secrets must not be in them). */
  posted: ToWebview[];
}

/** How many posted messages a panel keeps for `messages()`. */
const POSTED_KEPT = 50;

const seqOf = (m: ToWebview): number => (m.type === 'show' ? m.state.seq : m.seq);

let seqCounter = 0;

export class ResultPanels implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly handlers: PanelHandlers,
  ) {
    this.disposables.push(
      vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel, state) => this.restore(panel, state),
      }),
    );
  }

  dispose(): void {
    for (const e of this.entries.values()) e.panel.dispose();
    this.entries.clear();
    for (const d of this.disposables) d.dispose();
  }

  private options(): vscode.WebviewOptions {
    return {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(this.extensionUri, 'media')],
    };
  }

  private html(webview: vscode.Webview, title: string): string {
    return panelHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview', 'main.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'panel.css')).toString(),
      title,
    });
  }

  private adopt(file: vscode.Uri, panel: vscode.WebviewPanel): Entry {
    const key = file.toString();
    const entry: Entry = { panel, ready: false, seq: 0, waiters: [], posted: [] };
    this.entries.set(key, entry);
    panel.webview.options = this.options();
    panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(file, entry, parseFromWebview(raw)));
    panel.onDidDispose(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    panel.webview.html = this.html(panel.webview, panel.title);
    return entry;
  }

  private async restore(panel: vscode.WebviewPanel, raw: unknown): Promise<void> {
    const state = parseSavedState(raw);
    if (!state) {
      panel.dispose();
      return;
    }
    const entry = this.adopt(vscode.Uri.parse(state.fileUri), panel);
    entry.seq = state.seq;
    entry.latest = { type: 'show', state };
  }

  private receive(file: vscode.Uri, entry: Entry, message: FromWebview | undefined): void {
    if (!message) return;
    switch (message.type) {
      case 'ready':
        entry.ready = true;
        // After a reload the script has already shown its saved state: re-post only what it lacks.
        if (entry.latest && message.seq !== seqOf(entry.latest)) this.post(entry, entry.latest);
        return;
      case 'rendered': {
        const { report } = message;
        if (!entry.lastReport || report.seq >= entry.lastReport.seq) entry.lastReport = report;
        for (const w of entry.waiters.filter((x) => x.seq <= report.seq)) w.resolve(report);
        entry.waiters = entry.waiters.filter((x) => x.seq > report.seq);
        return;
      }
      case 'reveal':
        this.handlers.reveal(file, message.line, message.column);
        return;
      case 'copyCurl':
        this.handlers.copyCurl(file);
        return;
      case 'saveAsTest':
        this.handlers.saveAsTest(file);
        return;
    }
  }

  private post(entry: Entry, message: ToWebview): void {
    entry.posted.push(message);
    if (entry.posted.length > POSTED_KEPT) entry.posted.splice(0, entry.posted.length - POSTED_KEPT);
    void entry.panel.webview.postMessage(message);
  }

  private entryFor(file: vscode.Uri): Entry {
    const existing = this.entries.get(file.toString());
    if (existing) {
      if (!existing.panel.visible) existing.panel.reveal(existing.panel.viewColumn ?? vscode.ViewColumn.Beside, true);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, `Run: ${basename(file.path)}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, this.options());
    return this.adopt(file, panel);
  }

  private send(file: vscode.Uri, make: (seq: number) => ToWebview): number {
    const entry = this.entryFor(file);
    const seq = ++seqCounter;
    entry.seq = seq;
    entry.latest = make(seq);
    if (entry.ready) this.post(entry, entry.latest);
    return seq;
  }

  /** Shows "Running…" in the file's panel (opening it beside the editor if needed). */
  running(file: vscode.Uri, environment: string | null): void {
    this.send(file, (seq) => ({ type: 'running', seq, fileName: basename(file.path), environment }));
  }

  /** Shows a run in the file's panel. */
  show(file: vscode.Uri, state: Omit<PanelState, 'seq' | 'fileUri' | 'fileName'>): void {
    this.send(file, (seq) => ({ type: 'show', state: { ...state, seq, fileUri: file.toString(), fileName: basename(file.path) } }));
  }

  /** The last state shown for `file`, if its panel is open. */
  current(file: vscode.Uri): PanelState | undefined {
    const latest = this.entries.get(file.toString())?.latest;
    return latest?.type === 'show' ? latest.state : undefined;
  }

  /** Resolves with the script's report for the latest message posted to `file`'s panel. */
  rendered(file: vscode.Uri): Promise<PanelReport> {
    const entry = this.entries.get(file.toString());
    if (!entry) return Promise.reject(new Error(`no result panel is open for ${file.toString()}`));
    const done = entry.lastReport;
    if (done && done.seq === entry.seq) return Promise.resolve(done);
    return new Promise((resolve) => entry.waiters.push({ seq: entry.seq, resolve }));
  }

  /** The messages posted to `file`'s panel so far, the last POSTED_KEPT of them (copies). */
  messages(file: vscode.Uri): ToWebview[] {
    return JSON.parse(JSON.stringify(this.entries.get(file.toString())?.posted ?? [])) as ToWebview[];
  }
}
