/**
 * The response panels: one webview per integration file, beside the editor, reused on re-run.
 * The extension posts only after the script's `ready` (sent again after every reload); every
 * message from the script is checked (`parseFromWebview`). The buttons and links of a panel come
 * out as `onDidRequest` events. Nothing is recorded here: in Test mode an observer (`observe`,
 * src/extension/test-api.ts) sees each posted message and the script's `rendered` reports, which
 * the script sends only while an observer is registered. State survives reloads through the
 * script's setState and the `gatewayIon.result` serializer.
 */
import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { parseFromWebview, parseSavedState, seqOf, type FromWebview, type PanelPlan, type PanelReport, type PanelState, type ToWebview } from '../../shared/messages';
import { displayCopy } from '../../core/json';
import type { RunResult } from '../../core/result';
import { panelHtml } from './csp';

const PANEL_VIEW_TYPE = 'gatewayIon.result';

/** What a panel's buttons and links ask for. */
export type PanelRequest =
  | { type: 'reveal'; file: vscode.Uri; line: number; column: number }
  | { type: 'copyCurl'; file: vscode.Uri }
  | { type: 'saveAsTest'; file: vscode.Uri };

/** Sees what the panels show (Test mode only). */
export interface PanelObserver {
  /** What `file`'s panel is to show: a message sent to it (posted at once, or when its script is ready), or its restored state. */
  showing(file: vscode.Uri, message: ToWebview): void;
  /** The script's report of what it rendered (sent only while an observer is registered). */
  reported(file: vscode.Uri, report: PanelReport): void;
}

interface Entry {
  panel: vscode.WebviewPanel;
  ready: boolean;
  /** The last message that sets what is shown (re-posted after a reload). */
  latest?: ToWebview;
  seq: number;
}

let seqCounter = 0;

export class ResultPanels implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly requests = new vscode.EventEmitter<PanelRequest>();
  private readonly observers = new Set<PanelObserver>();
  private readonly disposables: vscode.Disposable[] = [this.requests];
  /** Fires when a panel's button or link is used. */
  readonly onDidRequest = this.requests.event;
  /** The readiness and flow of a file, added to each state shown (set by src/extension/docs). */
  planSource?: (file: vscode.Uri) => PanelPlan | undefined;

  constructor(private readonly extensionUri: vscode.Uri) {
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
    this.observers.clear();
  }

  /** Registers `observer` (Test mode); panels opened from now on report what they render. */
  observe(observer: PanelObserver): vscode.Disposable {
    this.observers.add(observer);
    return new vscode.Disposable(() => this.observers.delete(observer));
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
      report: this.observers.size > 0,
    });
  }

  private adopt(file: vscode.Uri, panel: vscode.WebviewPanel): Entry {
    const key = file.toString();
    const entry: Entry = { panel, ready: false, seq: 0 };
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
    for (const o of this.observers) o.showing(vscode.Uri.parse(state.fileUri), entry.latest);
  }

  private receive(file: vscode.Uri, entry: Entry, message: FromWebview | undefined): void {
    if (!message) return;
    switch (message.type) {
      case 'ready':
        entry.ready = true;
        // After a reload the script has already shown its saved state: re-post only what it lacks.
        if (entry.latest && message.seq !== seqOf(entry.latest)) this.post(entry, entry.latest);
        return;
      case 'rendered':
        for (const o of this.observers) o.reported(file, message.report);
        return;
      case 'reveal':
        this.requests.fire({ type: 'reveal', file, line: message.line, column: message.column });
        return;
      case 'copyCurl':
      case 'saveAsTest':
        this.requests.fire({ type: message.type, file });
        return;
    }
  }

  private post(entry: Entry, message: ToWebview): void {
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
    for (const o of this.observers) o.showing(file, entry.latest);
    if (entry.ready) this.post(entry, entry.latest);
    return seq;
  }

  /** Shows "Running…" in the file's panel (opening it beside the editor if needed). */
  running(file: vscode.Uri, environment: string | null): void {
    this.send(file, (seq) => ({ type: 'running', seq, fileName: basename(file.path), environment }));
  }

  /** Shows a run in the file's panel. */
  show(file: vscode.Uri, state: Omit<PanelState, 'seq' | 'fileUri' | 'fileName'>): void {
    let plan = state.plan;
    try {
      plan ??= this.planSource?.(file);
    } catch (e) {
      // The plan is an extra: a failure must not hide the run.
      console.error(`Gateway Ion: the readiness/flow of ${file.toString()} failed: ${(e as Error)?.stack ?? String(e)}`);
    }
    // A 50MB output is not posted whole: the panel gets the first values and a note of what was
    // left out (README "Performance"); the run's own result keeps it all (Save as test uses that).
    const output = displayCopy(state.result.output) as RunResult['output'];
    const result = output === state.result.output ? state.result : { ...state.result, output };
    this.send(file, (seq) => ({ type: 'show', state: { ...state, result, ...(plan ? { plan } : {}), seq, fileUri: file.toString(), fileName: basename(file.path) } }));
  }

  /** The last state shown for `file`, if its panel is open. */
  current(file: vscode.Uri): PanelState | undefined {
    const latest = this.entries.get(file.toString())?.latest;
    return latest?.type === 'show' ? latest.state : undefined;
  }
}
