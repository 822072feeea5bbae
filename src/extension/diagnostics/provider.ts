/**
 * Diagnostics for open `gateway-ion` documents: the core's `parseIntegration` runs after the
 * document has been quiet for `delayMs` (per document), and its results are cleared on close.
 * `settled(uri)` lets tests (and other features) wait for the published state to catch up.
 */
import * as vscode from 'vscode';
import type { Diagnostic } from '../../core/diagnostics';
import { parseIntegration, type ParsedIntegration } from '../../core/parse';
import { isIonDocument } from '../language';
import { toVsDiagnostic } from './adapter';
import { KeyedDebouncer, type TimerApi } from './debouncer';

export const DIAGNOSTICS_DEBOUNCE_MS = 150;

/** Extra diagnostics computed from the parsed file (e.g. `secret_not_set` from SecretStorage names). */
export type DiagnosticSource = (parsed: ParsedIntegration, document: vscode.TextDocument) => Diagnostic[];

export class DiagnosticsProvider implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('gateway-ion');
  private readonly debouncer: KeyedDebouncer;
  /** uri -> document version whose diagnostics are published. */
  private readonly published = new Map<string, number>();
  private waiters: { key: string; resolve: () => void }[] = [];
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly sources: DiagnosticSource[] = [];

  constructor(delayMs = DIAGNOSTICS_DEBOUNCE_MS, timers?: TimerApi) {
    this.debouncer = new KeyedDebouncer(delayMs, timers);
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => this.clear(d.uri)),
    );
    for (const d of vscode.workspace.textDocuments) this.schedule(d);
  }

  /** Resolves once the diagnostics of `uri` match its current text (or are cleared when it is closed). */
  settled(uri: vscode.Uri): Promise<void> {
    const key = uri.toString();
    if (this.isSettled(key)) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ key, resolve }));
  }

  /** Adds a source of extra diagnostics; open documents are re-validated. */
  addSource(source: DiagnosticSource): vscode.Disposable {
    this.sources.push(source);
    this.refresh();
    return new vscode.Disposable(() => {
      const i = this.sources.indexOf(source);
      if (i >= 0) this.sources.splice(i, 1);
    });
  }

  /** Re-validates every open document (e.g. when the secrets a source reads have changed). */
  refresh(): void {
    for (const d of vscode.workspace.textDocuments) if (isIonDocument(d)) this.schedule(d);
  }

  dispose(): void {
    this.debouncer.dispose();
    for (const s of this.subscriptions) s.dispose();
    this.collection.dispose();
    this.published.clear();
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.resolve();
  }

  private schedule(document: vscode.TextDocument): void {
    if (!isIonDocument(document)) {
      // The language may have changed away from ours: drop what we published.
      if (this.published.has(document.uri.toString())) this.clear(document.uri);
      return;
    }
    const key = document.uri.toString();
    // Publish the document open under this uri when the timer fires: an untitled uri is reused
    // after its document closes, and the closed one must not win.
    this.debouncer.schedule(key, () => {
      const current = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key && !d.isClosed);
      if (current) this.publish(current);
      else this.notify();
    });
  }

  private publish(document: vscode.TextDocument): void {
    if (document.isClosed || !isIonDocument(document)) return;
    const parsed = parseIntegration(document.getText(), { fileName: document.fileName });
    const all = [...parsed.diagnostics];
    for (const source of this.sources) {
      try {
        all.push(...source(parsed, document));
      } catch {
        // A failing extra source must not hide the validator's own diagnostics.
      }
    }
    this.collection.set(
      document.uri,
      all.map((d) => toVsDiagnostic(document, d)),
    );
    this.published.set(document.uri.toString(), document.version);
    this.notify();
  }

  private clear(uri: vscode.Uri): void {
    const key = uri.toString();
    // A late close event of a document whose uri is already open again (untitled reuse): keep the new one's.
    const reopened = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key && !d.isClosed && isIonDocument(d));
    if (reopened) {
      this.schedule(reopened);
      return;
    }
    this.debouncer.cancel(key);
    this.collection.delete(uri);
    this.published.delete(key);
    this.notify();
  }

  private isSettled(key: string): boolean {
    if (this.debouncer.isPending(key)) return false;
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
    if (open && !open.isClosed && isIonDocument(open)) return this.published.get(key) === open.version;
    return !this.published.has(key);
  }

  private notify(): void {
    const still: typeof this.waiters = [];
    for (const w of this.waiters) {
      if (this.isSettled(w.key)) w.resolve();
      else still.push(w);
    }
    this.waiters = still;
  }
}
