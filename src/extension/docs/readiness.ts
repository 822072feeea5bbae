/**
 * The readiness checklist in the editor (README, "Plan and document an integration"): a "Ready N/4"
 * CodeLens on the `name:` line that opens the list (`gatewayIon.readiness.show`), one information
 * diagnostic per missing item (off with `gatewayIon.readiness.diagnostics: false`) and their quick
 * fixes (add a docs link, declare a rate limit, record a payload with Save as test).
 */
import * as vscode from 'vscode';
import type { ParsedIntegration } from '../../core/parse';
import type { Readiness } from '../../core/readiness';
import { DIAGNOSTIC_SOURCE, toVsRange } from '../diagnostics/adapter';
import type { DiagnosticsProvider } from '../diagnostics/provider';
import { workspaceEditOf } from '../editing/convert';
import { LANGUAGE_ID } from '../language';
import type { ParsedDocuments } from '../parsed-documents';
import { IonCodeLensProvider } from '../running/codelens';
import { resolveFileUri } from '../running/target';
import { docsViewNow, loadDocsView, whenDocsViewLoaded } from './load';

const SETTING = 'gatewayIon.readiness.diagnostics';
export const SHOW_READINESS_COMMAND = 'gatewayIon.readiness.show';

function diagnosticsEnabled(uri?: vscode.Uri): boolean {
  return vscode.workspace.getConfiguration('gatewayIon', uri).get<boolean>('readiness.diagnostics', true) !== false;
}

function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (typeof c === 'string' || typeof c === 'number') return String(c);
  return c ? String(c.value) : undefined;
}

class ReadinessCodeLens extends IonCodeLensProvider {
  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!this.enabled(document)) return [];
    const view = await loadDocsView();
    if (document.isClosed) return [];
    const parsed = this.parses.get(document);
    const r = view.readinessOf(parsed);
    if (!r) return [];
    const at = document.positionAt(parsed.keyRangeOf(['name'])?.start ?? 0);
    const missing = r.checks.filter((c) => !c.met).map((c) => c.label.toLowerCase());
    return [
      new vscode.CodeLens(new vscode.Range(at, at), {
        title: `$(${r.met === r.total ? 'pass' : 'checklist'}) Ready ${r.met}/${r.total}`,
        command: SHOW_READINESS_COMMAND,
        arguments: [document.uri],
        tooltip: missing.length ? `Missing: ${missing.join(', ')}` : 'Auth documented, endpoints identified, rate limits known, payload example',
      }),
    ];
  }
}

class ReadinessCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly parses: ParsedDocuments) {}

  async provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE && codeOf(d)?.startsWith('readiness_'));
    if (ours.length === 0) return [];
    const { readinessDiagnostics, readinessOf, readinessQuickFixes } = await loadDocsView();
    const parsed = this.parses.get(document);
    const core = readinessDiagnostics(readinessOf(parsed));
    const actions: vscode.CodeAction[] = [];
    for (const vd of ours) {
      const d = core.find((c) => c.code === codeOf(vd) && toVsRange(document, c.start, c.end).isEqual(vd.range));
      if (!d) continue;
      for (const fix of readinessQuickFixes(d, parsed)) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [vd];
        action.isPreferred = fix.preferred ?? false;
        if (fix.edits.length > 0) action.edit = workspaceEditOf(document, fix.edits);
        if (fix.command) action.command = { command: fix.command.id, title: fix.title, arguments: [document.uri] };
        actions.push(action);
      }
    }
    return actions;
  }
}

export interface ReadinessItemPick extends vscode.QuickPickItem {
  item: string;
  met: boolean;
  start: number;
}

/** The quick pick's items for a parse (the checklist, missing items first). */
export function readinessPicks(r: Readiness): ReadinessItemPick[] {
  return [...r.checks]
    .sort((a, b) => Number(a.met) - Number(b.met))
    .map((c) => ({ label: `${c.met ? '$(pass)' : '$(circle-large-outline)'} ${c.label}`, detail: c.detail, item: c.item, met: c.met, start: c.range.start }));
}

async function showReadiness(parses: ParsedDocuments, uriArg: unknown): Promise<ReadinessItemPick[] | undefined> {
  const uri = resolveFileUri(uriArg, SHOW_READINESS_COMMAND);
  const document = await vscode.workspace.openTextDocument(uri);
  const r = (await loadDocsView()).readinessOf(parses.get(document));
  if (!r) {
    void vscode.window.showWarningMessage('Gateway Ion: the file cannot be read as YAML yet; fix it first.');
    return undefined;
  }
  const picks = readinessPicks(r);
  void vscode.window.showQuickPick(picks, { title: `Ready ${r.met}/${r.total}: pick an item to go to it`, matchOnDetail: true }).then(async (picked) => {
    if (!picked) return;
    const editor = await vscode.window.showTextDocument(document);
    const at = document.positionAt(picked.start);
    editor.selection = new vscode.Selection(at, at);
    editor.revealRange(new vscode.Range(at, at));
  });
  return picks;
}

/**
 * Readiness diagnostics of a parse, unless the setting turns them off. None until docs-view.js has
 * loaded (the first call starts the load; the documents are re-validated when it is there).
 */
export function readinessSource(parsed: ParsedIntegration, document: vscode.TextDocument) {
  if (!diagnosticsEnabled(document.uri)) return [];
  const view = docsViewNow();
  return view ? view.readinessDiagnostics(view.readinessOf(parsed)) : [];
}

export function registerReadiness(context: vscode.ExtensionContext, diagnostics: DiagnosticsProvider, parses: ParsedDocuments): void {
  const lens = new ReadinessCodeLens(parses);
  // The first parse of a Gateway Ion document loads docs-view.js; then the diagnostics catch up.
  whenDocsViewLoaded(() => diagnostics.refresh());
  context.subscriptions.push(
    diagnostics.addSource(readinessSource),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SETTING)) diagnostics.refresh();
    }),
    lens,
    vscode.languages.registerCodeLensProvider({ language: LANGUAGE_ID }, lens),
    vscode.languages.registerCodeActionsProvider({ language: LANGUAGE_ID }, new ReadinessCodeActions(parses), { providedCodeActionKinds: ReadinessCodeActions.kinds }),
    vscode.commands.registerCommand(SHOW_READINESS_COMMAND, (uri?: unknown) => showReadiness(parses, uri)),
  );
}
