/**
 * The extension's entry. Activation is cheap: it registers providers and commands and returns at
 * once; nothing here touches the network, and the engine (undici, QuickJS) is a separate file,
 * dist/engine.js, required on the first run (running/engine.ts).
 */
import type * as vscode from 'vscode';
import type { GatewayIonApi } from './api';
import { ParsedDocuments } from './diagnostics/parsed-documents';
import { DiagnosticsProvider } from './diagnostics/provider';
import { registerEditing } from './editing';
import { registerRunning } from './running';
import { registerSecretCommands } from './secrets/commands';
import { SecretStore } from './secrets/store';
import type { EditorServices } from './services';

export function activate(context: vscode.ExtensionContext): GatewayIonApi {
  const parses = new ParsedDocuments();
  const diagnostics = new DiagnosticsProvider({ parses });
  const secrets = new SecretStore(context.secrets, context.globalState);
  context.subscriptions.push(diagnostics, secrets);
  registerSecretCommands(context, secrets);
  const services: EditorServices = { context, secrets, diagnostics, parses };
  registerEditing(context, services);
  const running = registerRunning(context, services);
  return {
    ready: Promise.resolve(),
    diagnosticsSettled: (uri) => diagnostics.settled(uri),
    ...running,
  };
}

export function deactivate(): void {}
