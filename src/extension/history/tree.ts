/**
 * The Runs view (`gatewayIon.runs`, README "Runs view"): integrations, each with its latest runs,
 * newest first, in the style of the Test Explorer: a pass / error / skipped icon, the time, and as
 * description the trigger, the duration and the error code; the tooltip adds the hint. A run whose
 * full result is stored reopens in the response panel; another shows its run log line.
 */
import * as vscode from 'vscode';
import { hintFor } from '../../core/report';
import type { RunLogEntry } from '../../core/result';
import { formatDuration } from '../../core/units';
import type { RunHistoryModel } from './model';
import type { ResultStore } from './result-store';

/** Runs listed under each integration. */
export const RUNS_SHOWN = 50;

export type RunsNode = { kind: 'integration'; integration: string } | { kind: 'run'; entry: RunLogEntry; stored: boolean };

/** What the host tests read of the view (the same items VS Code shows). */
export interface RunsViewItem {
  label: string;
  description: string;
  icon: string;
  tooltip: string;
  command?: string;
  runId?: string;
  children?: RunsViewItem[];
}

export const runLabel = (ts: string): string => {
  const d = new Date(ts);
  return Number.isNaN(d.getTime()) ? ts : d.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
};

export function runDescription(e: RunLogEntry): string {
  if (e.skipped) return `${e.trigger} · skipped (the previous run was still going)`;
  return [e.trigger, formatDuration(e.durationMs), e.errorCode ?? (e.status !== null ? String(e.status) : undefined)].filter(Boolean).join(' · ');
}

function runIcon(e: RunLogEntry): vscode.ThemeIcon {
  if (e.skipped) return new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('testing.iconSkipped'));
  return e.ok ? new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')) : new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
}

function runTooltip(e: RunLogEntry, stored: boolean): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, false);
  md.isTrusted = false;
  md.appendMarkdown(`**${e.skipped ? 'Skipped' : e.ok ? 'Succeeded' : 'Failed'}**: `);
  md.appendText(`${e.integration}${e.environment ? ` (${e.environment})` : ''}, ${e.trigger} run at ${e.ts}`);
  md.appendMarkdown('\n\n');
  md.appendText(`${formatDuration(e.durationMs)}, ${e.attempts} attempt(s)${e.status !== null ? `, HTTP ${e.status}` : ''}`);
  if (e.errorCode) {
    md.appendMarkdown('\n\n');
    md.appendText(`${e.errorCode}: ${hintFor(e.errorCode) ?? ''}`);
  }
  if (e.deprecation) {
    md.appendMarkdown('\n\n');
    md.appendText(`Deprecation: ${e.deprecation.message}${e.deprecation.date ? ` (${e.deprecation.date})` : ''}`);
  }
  md.appendMarkdown('\n\n');
  md.appendText(stored ? 'Select to reopen its full result in the response panel.' : 'Only its run log line is kept (the editor keeps the last 20 full results per integration).');
  return md;
}

export class RunsTree {
  /** Run ids with a stored result, per integration (read when the integration is expanded). */
  private readonly storedIds = new Map<string, Set<string>>();

  constructor(
    private readonly model: RunHistoryModel,
    private readonly store: ResultStore,
  ) {}

  /** Forgets what is stored for `integration` (a new result was kept). */
  invalidate(integration: string): void {
    this.storedIds.delete(integration);
  }

  private async stored(integration: string, entries: RunLogEntry[]): Promise<Set<string>> {
    let ids = this.storedIds.get(integration);
    if (ids) return ids;
    ids = new Set();
    const files = new Set(entries.map((e) => e.file));
    for (const file of files) for (const r of await this.store.list(integration, file)) ids.add(r.runId);
    this.storedIds.set(integration, ids);
    return ids;
  }

  async children(node?: RunsNode): Promise<RunsNode[]> {
    await this.model.load();
    if (!node) return this.model.integrations().map((integration) => ({ kind: 'integration', integration }));
    if (node.kind === 'run') return [];
    const entries = this.model.recent(node.integration, RUNS_SHOWN);
    const ids = await this.stored(node.integration, entries);
    return entries.map((entry) => ({ kind: 'run', entry, stored: entry.runId !== undefined && ids.has(entry.runId) }));
  }

  item(node: RunsNode): vscode.TreeItem {
    if (node.kind === 'integration') {
      const all = this.model.of(node.integration);
      const last = all[all.length - 1];
      const item = new vscode.TreeItem(node.integration, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `integration:${node.integration}`;
      item.contextValue = 'integration';
      item.description = last ? `${all.length} run(s) · last ${runLabel(last.ts)}` : '';
      item.iconPath = last ? runIcon(last) : new vscode.ThemeIcon('circle-outline');
      item.tooltip = last ? `${node.integration}: last run ${last.ts}, ${last.skipped ? 'skipped' : last.ok ? 'succeeded' : `failed (${last.errorCode ?? 'error'})`}` : node.integration;
      return item;
    }
    const e = node.entry;
    const item = new vscode.TreeItem(runLabel(e.ts), vscode.TreeItemCollapsibleState.None);
    if (e.runId) item.id = `run:${e.runId}`;
    item.description = runDescription(e);
    item.iconPath = runIcon(e);
    item.tooltip = runTooltip(e, node.stored);
    item.contextValue = node.stored ? 'run.stored' : 'run.line';
    item.accessibilityInformation = { label: `${e.skipped ? 'skipped' : e.ok ? 'passed' : 'failed'} ${runLabel(e.ts)} ${runDescription(e)}` };
    item.command = { command: 'gatewayIon.runs.show', title: node.stored ? 'Show Run' : 'Show Run Log Line', arguments: [node] };
    return item;
  }

  /** The view's items as plain data (test hooks). */
  async snapshot(): Promise<RunsViewItem[]> {
    const plain = (node: RunsNode): RunsViewItem => {
      const i = this.item(node);
      const icon = i.iconPath instanceof vscode.ThemeIcon ? i.iconPath.id : '';
      // The Markdown source without its escapes (`not\_found` → `not_found`, `&nbsp;` → a space).
      const tooltip = typeof i.tooltip === 'string' ? i.tooltip : (i.tooltip?.value ?? '').replace(/\\([\\`*_{}[\]()#+\-.!|<>~])/g, '$1').replace(/&nbsp;/g, ' ');
      return { label: String(i.label), description: String(i.description ?? ''), icon, tooltip, command: i.command?.command, runId: node.kind === 'run' ? node.entry.runId : undefined };
    };
    const out: RunsViewItem[] = [];
    for (const n of await this.children()) out.push({ ...plain(n), children: (await this.children(n)).map(plain) });
    return out;
  }
}
