/** What `activate` returns: other extensions and the host tests await it instead of sleeping. */
import type * as vscode from 'vscode';
import type { RunningApi } from './running';

/** The running area's fields (`RunningApi`: run/panel/test/log hooks) are part of it. */
export interface GatewayIonApi extends RunningApi {
  /** Resolves when activation has finished registering everything. */
  readonly ready: Promise<void>;
  /** Resolves once the diagnostics of `uri` reflect its current text (or are cleared after close). */
  diagnosticsSettled(uri: vscode.Uri): Promise<void>;
}
