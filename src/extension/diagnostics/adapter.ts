/**
 * The one place core offsets become VS Code ranges and diagnostics.
 * Core diagnostics carry UTF-16 character offsets into the document text, end exclusive.
 */
import * as vscode from 'vscode';
import type { Diagnostic, Severity } from '../../core/diagnostics';

export const DIAGNOSTIC_SOURCE = 'gateway-ion';
/** Where each code is explained; the README's anchor is `diagnostic-<code with _ as ->` (scripts/render-docs.ts). */
const DIAGNOSTIC_DOCS_BASE = 'https://github.com/gateway-ion/studio';

/** The position of a core offset; `positionAt` clamps to the text, so only NaN/±Infinity and negatives need a guard. */
function positionOf(document: vscode.TextDocument, offset: number): vscode.Position {
  return document.positionAt(Number.isFinite(offset) && offset > 0 ? Math.floor(offset) : 0);
}

/**
 * Maps `[start, end)` offsets to a range. Offsets are clamped to the text; a reversed pair is
 * swapped. An empty range (e.g. an error at the end of the file) widens to the rest of its line,
 * or, on an empty line, to the end of the previous non-empty line, so the squiggle can be seen.
 */
export function toVsRange(document: vscode.TextDocument, start: number, end: number): vscode.Range {
  let from = positionOf(document, start);
  let to = positionOf(document, end);
  if (to.isBefore(from)) [from, to] = [to, from];
  if (!to.isEqual(from)) return new vscode.Range(from, to);
  const line = document.lineAt(from.line);
  if (from.character < line.range.end.character) return new vscode.Range(from, line.range.end);
  for (let n = from.line; n >= 0; n--) {
    const l = document.lineAt(n);
    if (!l.isEmptyOrWhitespace) {
      const s = n === from.line ? from : new vscode.Position(n, l.firstNonWhitespaceCharacterIndex);
      return new vscode.Range(s, l.range.end);
    }
  }
  return new vscode.Range(from, from);
}

function toVsSeverity(severity: Severity): vscode.DiagnosticSeverity {
  switch (severity) {
    case 'error':
      return vscode.DiagnosticSeverity.Error;
    case 'warning':
      return vscode.DiagnosticSeverity.Warning;
    default:
      return vscode.DiagnosticSeverity.Information;
  }
}

function diagnosticDocsUri(code: string): vscode.Uri {
  return vscode.Uri.parse(`${DIAGNOSTIC_DOCS_BASE}#diagnostic-${encodeURIComponent(code.replace(/_/g, '-'))}`);
}

export function toVsDiagnostic(document: vscode.TextDocument, d: Diagnostic): vscode.Diagnostic {
  const out = new vscode.Diagnostic(toVsRange(document, d.start, d.end), d.message, toVsSeverity(d.severity));
  out.source = DIAGNOSTIC_SOURCE;
  out.code = { value: d.code, target: diagnosticDocsUri(d.code) };
  return out;
}
