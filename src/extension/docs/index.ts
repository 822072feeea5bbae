/**
 * Planning and documenting an integration in the editor (README, "Plan and document an
 * integration"): the readiness checklist (CodeLens, diagnostics, quick fixes), "Show
 * Documentation", and the readiness line and flow diagram of the response panel.
 */
import * as vscode from 'vscode';
import type { ResultPanels } from '../panel/panels';
import type { EditorServices } from '../services';
import type { PanelPlan } from '../../shared/messages';
import { registerReadiness } from './readiness';
import { registerShowDocumentation } from './show-documentation';
import { docsViewNow } from './load';

/**
 * The readiness and flow of an open document, for the panel; undefined when it is not open, not
 * YAML, or docs-view.js has not loaded yet (it loads when a Gateway Ion document is first parsed,
 * long before a run ends).
 */
export function planOf(services: EditorServices, file: vscode.Uri, documents: readonly vscode.TextDocument[]): PanelPlan | undefined {
  const document = documents.find((d) => d.uri.toString() === file.toString() && !d.isClosed);
  const view = docsViewNow();
  if (!document || !view) return undefined;
  const parsed = services.parses.get(document);
  const r = view.readinessOf(parsed);
  if (!r || !parsed.value) return undefined;
  return { met: r.met, total: r.total, missing: r.checks.filter((c) => !c.met).map((c) => c.label), flowSvg: view.svgFlow(view.flowOf(parsed.value)) };
}

export function registerDocs(context: vscode.ExtensionContext, services: EditorServices, panels: ResultPanels): void {
  registerReadiness(context, services.diagnostics, services.parses);
  registerShowDocumentation(context, services.parses);
  panels.planSource = (file) => planOf(services, file, vscode.workspace.textDocuments);
}
