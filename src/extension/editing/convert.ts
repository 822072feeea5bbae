/** Core offsets to VS Code ranges and edits (the diagnostics adapter's `toVsRange` does the clamping). */
import * as vscode from 'vscode';
import type { OffsetEdit } from '../../core/editor';
import { toVsRange } from '../diagnostics/adapter';

export function rangeOf(document: vscode.TextDocument, start: number, end: number): vscode.Range {
  // Completion and edits may be empty (an insertion point): do not widen those like a squiggle.
  if (start === end) {
    const p = document.positionAt(start);
    return new vscode.Range(p, p);
  }
  return toVsRange(document, start, end);
}

export function workspaceEditOf(document: vscode.TextDocument, edits: readonly OffsetEdit[]): vscode.WorkspaceEdit {
  const we = new vscode.WorkspaceEdit();
  for (const e of edits) we.replace(document.uri, rangeOf(document, e.start, e.end), e.newText);
  return we;
}
