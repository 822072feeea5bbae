/** Run, Test, the response panel, Test Explorer and the run log. */
import type * as vscode from 'vscode';
import type { EditorServices } from '../services';

/** Fields added to the extension's exported API. */
export type RunningApi = Record<string, never>;

export function registerRunning(_context: vscode.ExtensionContext, _services: EditorServices): RunningApi {
  return {};
}
