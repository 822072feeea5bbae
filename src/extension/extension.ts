/**
 * The extension's entry. Activation is cheap: it registers providers and commands and returns at
 * once; nothing here touches the network, and the engine (undici, QuickJS) is a separate file,
 * dist/engine.js, required on the first run (running/engine.ts). The API it returns is the
 * public one (api.ts) plus, in Test mode only, the host tests' hooks (test-api.ts).
 */
import * as vscode from 'vscode';
import { publicApi, type GatewayIonApi } from './api';
import { ParsedDocuments } from './parsed-documents';
import { DiagnosticsProvider } from './diagnostics/provider';
import { registerDocs } from './docs';
import { registerEditing } from './editing';
import { importLoaded, importPickers } from './editing/import-spec';
import { signInHooks } from './running/sign-in';
import { registerHistory } from './history';
import { registerRunning } from './running';
import { closeEngine, engineLoaded } from './running/engine';
import { registerSecretCommands } from './secrets/commands';
import { SecretStore } from './secrets/store';
import { registerTriggers, stopTriggers } from './triggers';
import { registerWalkthrough } from './walkthrough';
import type { EditorServices } from './services';
import type * as TestApi from './test-api';

/** What the current activation registered: `deactivate` disposes it. */
let registered: vscode.Disposable[] | undefined;

export function activate(context: vscode.ExtensionContext): GatewayIonApi {
  registered = context.subscriptions;
  const parses = new ParsedDocuments();
  const diagnostics = new DiagnosticsProvider({ parses });
  const secrets = new SecretStore(context.secrets, context.globalState);
  context.subscriptions.push(diagnostics, secrets);
  registerSecretCommands(context, secrets);
  const services: EditorServices = { context, secrets, diagnostics, parses };
  registerEditing(context, services);
  const running = registerRunning(context, services);
  registerWalkthrough(context, services, running);
  registerDocs(context, services, running.panels);
  const triggers = registerTriggers(context, services, running);
  const history = registerHistory(context, services, running, triggers);
  const api = publicApi(running);
  if (context.extensionMode !== vscode.ExtensionMode.Test) return api;
  // A split point (esbuild.mjs): dist/test-api.js, read in Test mode only and not in the .vsix.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { withTestHooks } = require('./test-api') as typeof TestApi;
  return withTestHooks(context, api, { running, diagnostics, engineLoaded, secrets, triggers, history, importPickers, importLoaded, signInHooks });
}

/**
 * Disposes what `activate` registered (VS Code would dispose it after this returns; doing it here
 * keeps the order: nothing can start a run while the pools close) and closes the HTTP connection
 * pools of the engine, so no socket outlives the extension.
 */
export async function deactivate(): Promise<void> {
  // The trigger host first (SIGTERM, then a kill after a grace): it asks this process for secrets.
  await stopTriggers();
  const disposables = registered?.splice(0) ?? [];
  registered = undefined;
  for (const d of disposables.reverse()) {
    try {
      d.dispose();
    } catch (e) {
      console.error(`Gateway Ion: disposing on deactivation failed: ${(e as Error).message}`);
    }
  }
  await closeEngine();
}
