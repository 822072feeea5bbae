/**
 * Diagnostics for open `gateway-ion` documents. A document is validated at once when it opens
 * (on the next tick, not inside the open event) and, after an edit, once it has been quiet for
 * `gatewayIon.diagnostics.delay` ms (re-read when the setting changes). Validation goes through
 * the shared `ParsedDocuments` (one incremental validator per open document, dropped on close), so
 * an edit re-parses only the blocks it touched. Results are cleared on close. `settled(uri)` lets
 * tests (and other features) wait for the published state to catch up; `onDidPublish` tells other
 * features (Test Explorer, the environment picker) about each new parse, so they need no timers of their own.
 */
import * as vscode from 'vscode';
import type { Diagnostic } from '../../core/diagnostics';
import type { ParsedIntegration } from '../../core/parse';
import { isIonDocument } from '../language';
import { toVsDiagnostic } from './adapter';
import { KeyedDebouncer, type TimerApi } from './debouncer';
import { ParsedDocuments } from '../parsed-documents';

/** The default of `gatewayIon.diagnostics.delay` (package.json). */
const DIAGNOSTICS_DEBOUNCE_MS = 150;
const DELAY_SETTING = 'gatewayIon.diagnostics.delay';

/** Extra diagnostics computed from the parsed file (e.g. `secret_not_set` from SecretStorage names). */
export type DiagnosticSource = (parsed: ParsedIntegration, document: vscode.TextDocument) => Diagnostic[];

/** One published validation: the parse of the document's text at that version (it stays as it is after later edits). */
export interface PublishedParse {
  document: vscode.TextDocument;
  parsed: ParsedIntegration;
}

export interface DiagnosticsProviderOptions {
  /** The shared parses (a new set when omitted). */
  parses?: ParsedDocuments;
  /** A fixed debounce delay; when omitted, `gatewayIon.diagnostics.delay` is read and followed. */
  delayMs?: number;
  timers?: TimerApi;
}

function delaySetting(): number {
  const v = vscode.workspace.getConfiguration().get<number>(DELAY_SETTING, DIAGNOSTICS_DEBOUNCE_MS);
  return typeof v === 'number' && Number.isFinite(v) ? Math.min(Math.max(v, 0), 2000) : DIAGNOSTICS_DEBOUNCE_MS;
}

export class DiagnosticsProvider implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('gateway-ion');
  private readonly debouncer: KeyedDebouncer;
  /** uri -> document version whose diagnostics are published. */
  private readonly published = new Map<string, number>();
  private waiters: { key: string; resolve: () => void }[] = [];
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly sources: DiagnosticSource[] = [];
  private readonly didPublish = new vscode.EventEmitter<PublishedParse>();
  readonly parses: ParsedDocuments;
  /** Fires after a document's diagnostics are published (debounced: once per quiet period, and when it opens). */
  readonly onDidPublish: vscode.Event<PublishedParse> = this.didPublish.event;

  constructor(options: DiagnosticsProviderOptions = {}) {
    this.parses = options.parses ?? new ParsedDocuments();
    this.debouncer = new KeyedDebouncer(options.delayMs ?? delaySetting(), options.timers);
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.parses.drop(d);
        this.clear(d.uri);
      }),
    );
    if (options.delayMs === undefined) {
      this.subscriptions.push(
        vscode.workspace.onDidChangeConfiguration((e) => {
          if (e.affectsConfiguration(DELAY_SETTING)) this.debouncer.delay = delaySetting();
        }),
      );
    }
    // Documents already open at activation: validated on the next tick, not during activation.
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  /** The debounce delay in use (ms). */
  get delayMs(): number {
    return this.debouncer.delay;
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
    for (const d of vscode.workspace.textDocuments) {
      // A validation already pending reads the sources when it runs: do not postpone it.
      if (isIonDocument(d) && !this.debouncer.isPending(d.uri.toString())) this.schedule(d);
    }
  }

  dispose(): void {
    this.debouncer.dispose();
    for (const s of this.subscriptions) s.dispose();
    this.didPublish.dispose();
    this.collection.dispose();
    this.published.clear();
    this.parses.clear();
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.resolve();
  }

  /** Validates `document` after `delayMs` (the debounce delay when omitted) of quiet. */
  private schedule(document: vscode.TextDocument, delayMs?: number): void {
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
    }, delayMs);
  }

  private publish(document: vscode.TextDocument): void {
    if (document.isClosed || !isIonDocument(document)) return;
    const parsed = this.parses.get(document);
    const all = [...parsed.diagnostics];
    for (const source of this.sources) {
      try {
        all.push(...source(parsed, document));
      } catch (e) {
        // A failing extra source must not hide the validator's own diagnostics; it is a bug to see.
        console.error(`Gateway Ion: a diagnostics source failed for ${document.uri.toString()}: ${(e as Error)?.stack ?? String(e)}`);
      }
    }
    this.collection.set(
      document.uri,
      all.map((d) => toVsDiagnostic(document, d)),
    );
    this.published.set(document.uri.toString(), document.version);
    this.notify();
    this.didPublish.fire({ document, parsed });
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
