/**
 * Test Explorer: the `gatewayIon.tests` controller. Finds the `tests:` of every *.ion.yaml /
 * *.ion.yml in the workspace (a file watcher) and of open documents (from the diagnostics
 * provider's debounced parses, `onDidPublish`: no parse of its own per keystroke);
 * runs them offline through the core test runner (fixture mode, also in Restricted Mode); reports
 * pass/fail with `TestMessage.diff(expected, actual)` for output mismatches, at the test's line.
 */
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { parseIntegration, type ParsedIntegration } from '../../core/parse';
import type { TestFileResult } from '../../core/testing';
import type { ParsedDocuments } from '../parsed-documents';
import type { PublishedParse } from '../diagnostics/provider';
import { isIonDocument } from '../language';
import { loadEngine } from '../running/engine';
import { discoveryError, indexOfTestId, prettyJson, testEntries, testId } from './items';

const GLOB = '**/*.{ion.yaml,ion.yml}';

/** What one run reported, per test (for the host tests and `gatewayIon.test`). */
export interface ReportedTest {
  id: string;
  state: 'passed' | 'failed' | 'skipped' | 'errored';
  messages: Array<{ message: string; expected?: string; actual?: string; line?: number }>;
}

export interface TestRunSummary {
  files: TestFileResult[];
  reported: ReportedTest[];
}

export class TestExplorer implements vscode.Disposable {
  readonly controller: vscode.TestController;
  private readonly subscriptions: vscode.Disposable[] = [];
  private discovery: Promise<void> | undefined;

  /**
   * `parses`: the open documents' latest parses (files on disk are parsed here); `published`: the
   * diagnostics provider's `onDidPublish` (open documents, once they have settled after an edit).
   */
  constructor(
    private readonly parses: ParsedDocuments,
    published: vscode.Event<PublishedParse>,
  ) {
    this.controller = vscode.tests.createTestController('gatewayIon.tests', 'Gateway Ion');
    this.controller.resolveHandler = async (item) => {
      if (!item) await this.discover();
    };
    this.controller.refreshHandler = async () => {
      this.discovery = undefined;
      await this.discover();
    };
    this.controller.createRunProfile('Run offline (fixtures)', vscode.TestRunProfileKind.Run, (request, token) => this.run(request, token).then(() => undefined), true);
    const watcher = vscode.workspace.createFileSystemWatcher(GLOB);
    this.subscriptions.push(
      this.controller,
      watcher,
      watcher.onDidCreate((uri) => this.refreshFromDisk(uri)),
      watcher.onDidChange((uri) => this.refreshFromDisk(uri)),
      watcher.onDidDelete((uri) => this.controller.items.delete(uri.toString())),
      published(({ document, parsed }) => this.refreshDocument(document, parsed)),
    );
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }

  /** Finds every integration file of the workspace (once; again after a refresh). */
  discover(): Promise<void> {
    this.discovery ??= (async () => {
      const files = await vscode.workspace.findFiles(GLOB, '**/node_modules/**');
      await Promise.all(files.map((uri) => this.refreshFromDisk(uri)));
    })();
    return this.discovery;
  }

  /** Brings the items of open documents up to their current text now (an API caller must not see a parse still being debounced). */
  syncOpenDocuments(): void {
    for (const d of vscode.workspace.textDocuments) {
      if (!d.isClosed && isIonDocument(d) && d.uri.scheme === 'file') this.show(d.uri, this.parses.get(d));
    }
  }

  private openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
    return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  }

  private async textOf(uri: vscode.Uri): Promise<string> {
    const open = this.openDocument(uri);
    if (open) return open.getText();
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  }

  private async refreshFromDisk(uri: vscode.Uri): Promise<void> {
    if (this.openDocument(uri)) return; // the document's text is newer
    try {
      this.update(uri, await this.textOf(uri));
    } catch (e) {
      // Shown on the file's item (with its tests cleared) rather than the file silently vanishing.
      const file = this.fileItemFor(uri);
      file.children.replace([]);
      file.error = `Cannot read the file: ${(e as Error).message}`;
    }
  }

  private fileItemFor(uri: vscode.Uri): vscode.TestItem {
    const key = uri.toString();
    let file = this.controller.items.get(key);
    if (!file) {
      file = this.controller.createTestItem(key, basename(uri.path), uri);
      this.controller.items.add(file);
    }
    return file;
  }

  private refreshDocument(document: vscode.TextDocument, parsed: ParsedIntegration): void {
    if (!isIonDocument(document) || document.uri.scheme !== 'file') return;
    this.show(document.uri, parsed);
  }

  /** Shows (or updates) `uri`'s tests from `text` (the open document's latest parse when it is open). Returns the file's item. */
  update(uri: vscode.Uri, text: string): vscode.TestItem {
    const open = this.openDocument(uri);
    if (open && open.getText() === text) return this.show(uri, this.parses.get(open));
    return this.show(uri, parseIntegration(text, { fileName: uri.fsPath }));
  }

  private show(uri: vscode.Uri, parsed: ParsedIntegration): vscode.TestItem {
    const key = uri.toString();
    const file = this.fileItemFor(uri);
    file.error = discoveryError(parsed);
    const entries = testEntries(parsed);
    if (entries) {
      file.children.replace(
        entries.map((e) => {
          const item = this.controller.createTestItem(testId(key, e.index), e.name, uri);
          item.range = new vscode.Range(e.line, 0, e.line, 0);
          return item;
        }),
      );
    }
    return file;
  }

  /** The file's item, brought up to date with its current text. */
  async fileItem(uri: vscode.Uri): Promise<vscode.TestItem> {
    return this.update(uri, await this.textOf(uri));
  }

  /** Runs what `request` asks for; reports to Test Explorer and returns what was reported. */
  async run(request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<TestRunSummary> {
    const summary: TestRunSummary = { files: [], reported: [] };
    const run = this.controller.createTestRun(request);
    try {
      const excluded = new Set((request.exclude ?? []).map((i) => i.id));
      const plan = new Map<string, { file: vscode.TestItem; only?: Set<number> }>();
      const roots: vscode.TestItem[] = [];
      if (request.include) roots.push(...request.include);
      else this.controller.items.forEach((i) => roots.push(i));
      for (const item of roots) {
        if (excluded.has(item.id)) continue;
        const parent = item.parent;
        if (!parent) {
          plan.set(item.id, { file: item });
          continue;
        }
        const index = indexOfTestId(item.id);
        if (index === undefined) continue;
        const entry = plan.get(parent.id) ?? { file: parent, only: new Set<number>() };
        entry.only?.add(index);
        plan.set(parent.id, entry);
      }
      const engine = await loadEngine();
      for (const { file, only } of plan.values()) {
        if (token.isCancellationRequested) break;
        if (!file.uri) continue;
        const text = await this.textOf(file.uri);
        this.update(file.uri, text);
        const targets: vscode.TestItem[] = [];
        file.children.forEach((c) => {
          const i = indexOfTestId(c.id);
          if (i !== undefined && !excluded.has(c.id) && (!only || only.has(i))) targets.push(c);
        });
        for (const t of targets) run.started(t);
        const result = await engine.runTestFile(file.uri.fsPath, text, { only: only ? [...only] : targets.map((t) => indexOfTestId(t.id)!) });
        summary.files.push(result);
        this.report(run, summary, file, targets, result);
      }
    } finally {
      run.end();
    }
    return summary;
  }

  private report(run: vscode.TestRun, summary: TestRunSummary, file: vscode.TestItem, targets: vscode.TestItem[], result: TestFileResult): void {
    if (result.error) {
      const message = new vscode.TestMessage(`${result.error.code}: ${result.error.message}`);
      for (const t of targets.length ? targets : [file]) {
        run.errored(t, message);
        summary.reported.push({ id: t.id, state: 'errored', messages: [{ message: String(message.message) }] });
      }
      return;
    }
    for (const c of result.tests) {
      const item = file.children.get(testId(file.id, c.index));
      if (!item) continue;
      if (c.state === 'passed') {
        run.passed(item, c.durationMs);
        summary.reported.push({ id: item.id, state: 'passed', messages: [] });
      } else if (c.state === 'skipped') {
        run.skipped(item);
        summary.reported.push({ id: item.id, state: 'skipped', messages: c.skippedReason ? [{ message: c.skippedReason }] : [] });
      } else {
        const reported: ReportedTest['messages'] = [];
        const messages = (c.failures.length ? c.failures : [{ key: 'test', message: 'the test failed' }]).map((f) => {
          const hasValues = 'expected' in f || 'actual' in f;
          const m = hasValues
            ? vscode.TestMessage.diff(f.message, prettyJson((f as { expected?: unknown }).expected), prettyJson((f as { actual?: unknown }).actual))
            : new vscode.TestMessage(f.message);
          if (item.uri && item.range) m.location = new vscode.Location(item.uri, item.range);
          reported.push({ message: f.message, expected: m.expectedOutput, actual: m.actualOutput, line: item.range?.start.line });
          return m;
        });
        run.failed(item, messages, c.durationMs);
        summary.reported.push({ id: item.id, state: 'failed', messages: reported });
      }
    }
  }
}
