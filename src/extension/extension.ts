/**
 * The extension's entry. Activation is cheap: it registers providers and returns at once; nothing
 * here touches the network or the file system beyond what VS Code hands us.
 */
import type * as vscode from 'vscode';
import type { GatewayIonApi } from './api';
import { DiagnosticsProvider } from './diagnostics/provider';

export function activate(context: vscode.ExtensionContext): GatewayIonApi {
  const diagnostics = new DiagnosticsProvider();
  context.subscriptions.push(diagnostics);
  return {
    ready: Promise.resolve(),
    diagnosticsSettled: (uri) => diagnostics.settled(uri),
  };
}

export function deactivate(): void {}
