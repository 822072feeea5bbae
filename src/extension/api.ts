/** What `activate` returns: other extensions and the host tests await it instead of sleeping. */
import type * as vscode from 'vscode';

export interface GatewayIonApi {
  /** Resolves when activation has finished registering everything. */
  readonly ready: Promise<void>;
  /** Resolves once the diagnostics of `uri` reflect its current text (or are cleared after close). */
  diagnosticsSettled(uri: vscode.Uri): Promise<void>;
}
