/**
 * What the panel's buttons and links do, also as commands: "Save as test" (`gatewayIon.saveAsTest`,
 * the same as `ion run --record`: the last run appended to the file's `tests:` by the core record
 * function), "Copy as cURL" (`gatewayIon.copyAsCurl`), and revealing an error's line.
 */
import * as vscode from 'vscode';
import { parseIntegration } from '../../core/parse';
import type { ResultPanels } from '../panel/panels';
import { loadEngine } from './engine';
import type { EnvironmentPicker } from './environment-picker';
import { effectiveEnvironment } from './environments';
import { engineEnv } from './options';
import type { Runner } from './runner';
import { resolveFileUri } from './target';
import { minimalReplacement } from './text-edit';

export interface SavedTest {
  name: string;
  /** Index in the file's `tests:`. */
  index: number;
}

export class PanelActions {
  constructor(
    private readonly runner: Runner,
    private readonly panels: ResultPanels,
    private readonly environments: EnvironmentPicker,
  ) {}

  /** Appends the file's last run as a test; saves the file when it had no unsaved changes. */
  async saveAsTest(uriArg: unknown): Promise<SavedTest | undefined> {
    const file = resolveFileUri(uriArg, 'gatewayIon.saveAsTest');
    const last = this.runner.last(file);
    if (!last || last.responses.length === 0) {
      void vscode.window.showWarningMessage('Gateway Ion: nothing to save as a test yet: Run the integration first (the run must get a response).');
      return undefined;
    }
    const engine = await loadEngine();
    const document = await vscode.workspace.openTextDocument(file);
    const parsed = parseIntegration(document.getText(), { fileName: file.fsPath });
    if (!parsed.value) {
      void vscode.window.showErrorMessage('Gateway Ion: the file cannot be read right now (fix its YAML first); no test was saved.');
      return undefined;
    }
    let text: string;
    let name: string;
    try {
      const test = engine.recordedTestCase(parsed, last.result, last.responses, { input: last.input });
      name = String(test.name);
      text = engine.appendTest(parsed, test);
    } catch (e) {
      void vscode.window.showErrorMessage(`Gateway Ion: cannot add a test: ${(e as Error).message}`);
      return undefined;
    }
    const check = parseIntegration(text, { fileName: file.fsPath });
    const firstError = check.diagnostics.find((d) => d.severity === 'error');
    if (firstError) {
      void vscode.window.showErrorMessage(`Gateway Ion: the recorded test would not validate (${firstError.code}: ${firstError.message}); the file is unchanged.`);
      return undefined;
    }
    const wasDirty = document.isDirty;
    const r = minimalReplacement(document.getText(), text);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(file, new vscode.Range(document.positionAt(r.start), document.positionAt(r.end)), r.text);
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error('gatewayIon.saveAsTest: the edit was refused');
    if (!wasDirty) await document.save();
    const tests = Array.isArray(check.value?.tests) ? check.value.tests : [];
    const index = tests.findIndex((t) => t?.name === name);
    const current = this.panels.current(file);
    if (current) this.panels.show(file, { result: current.result, curl: current.curl, canSaveAsTest: current.canSaveAsTest, notice: `Saved as test "${name}": run it with Test or in Test Explorer.` });
    return { name, index };
  }

  /** The request as curl (secrets as $ION_SECRET_* names), copied to the clipboard and returned. */
  async copyAsCurl(uriArg: unknown): Promise<string | undefined> {
    const file = resolveFileUri(uriArg, 'gatewayIon.copyAsCurl');
    const document = await vscode.workspace.openTextDocument(file);
    // The last run's request only while the text is the one it ran; after an edit, the current text.
    const last = this.runner.last(file);
    let curl = last && last.version === document.version ? last.curl : null;
    if (curl === null) {
      const engine = await loadEngine();
      const parsed = parseIntegration(document.getText(), { fileName: file.fsPath });
      const http = vscode.workspace.getConfiguration('http');
      try {
        curl = await engine.renderCurl(parsed, {
          file: file.fsPath,
          environment: effectiveEnvironment(parsed.value, this.environments.picked(file)) ?? undefined,
          input: last?.input,
          vars: last?.vars,
          env: engineEnv(process.env, http.get<string>('proxy'), http.get<string[]>('noProxy')),
        });
      } catch (e) {
        void vscode.window.showErrorMessage(`Gateway Ion: cannot build the curl command: ${(e as Error).message}`);
        return undefined;
      }
    }
    await vscode.env.clipboard.writeText(curl);
    void vscode.window.setStatusBarMessage('Gateway Ion: request copied as cURL (secrets as $ION_SECRET_* names)', 4000);
    return curl;
  }

  /** Shows `file` with the cursor at the 1-based line and column (an error's place). */
  async reveal(file: vscode.Uri, line: number, column: number): Promise<void> {
    const document = await vscode.workspace.openTextDocument(file);
    const l = Math.min(Math.max(line - 1, 0), Math.max(document.lineCount - 1, 0));
    const c = Math.max(column - 1, 0);
    const at = document.validatePosition(new vscode.Position(l, c));
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === file.toString());
    await vscode.window.showTextDocument(document, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, selection: new vscode.Range(at, at) });
  }
}
