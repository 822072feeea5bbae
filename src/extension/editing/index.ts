/** Editing features (completion, hover, quick fixes, symbols, snippets, new file, cURL import). */
import type * as vscode from 'vscode';
import type { EditorServices } from '../services';

export function registerEditing(_context: vscode.ExtensionContext, _services: EditorServices): void {}
