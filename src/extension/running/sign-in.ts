/**
 * `gatewayIon.signIn` ("Gateway Ion: Sign In", README "Signing in"): for the active file whose
 * `auth` is `grant: authorization_code` (the browser through `vscode.env.openExternal`, a loopback
 * redirect) or `grant: device_code` (a notification with the URL and code), then the refresh token
 * stored in SecretStorage under the name `refreshToken` references. Rotated refresh tokens from
 * runs are saved back the same way (`saveRefreshToken`). The engine loads on first use.
 */
import * as vscode from 'vscode';
import { parseIntegration } from '../../core/parse';
import { dialogOriginPrompt, editorSecretSource } from '../secrets/source';
import type { SecretStoreApi } from '../secrets/store';
import type { EditorServices } from '../services';
import { loadEngine } from './engine';
import type { EnvironmentPicker } from './environment-picker';
import { effectiveEnvironment } from './environments';
import { engineEnv } from './options';
import { RESTRICTED_MESSAGE } from './restricted';
import { resolveFileUri } from './target';

/** Test mode only (test-api.ts): replaces the browser, so the host tests drive the sign-in page. */
export interface SignInHooks {
  openExternal?: (url: string) => Promise<boolean>;
}

export const signInHooks: SignInHooks = {};

/** What the command returns (for automation and tests): never the token. */
export interface SignInReport {
  ok: boolean;
  secret?: string;
  error?: string;
}

/**
 * Saves a refresh token where the file's runs read it: `NAME@env` when that per-environment value
 * exists (it wins in that environment), else `NAME`.
 */
export async function saveRefreshToken(store: SecretStoreApi & { set(name: string, value: string): Promise<void> }, name: string, environment: string | null, value: string): Promise<string> {
  const scoped = environment ? `${name}@${environment}` : undefined;
  const target = scoped && store.names().includes(scoped) ? scoped : name;
  await store.set(target, value);
  return target;
}

export function registerSignIn(context: vscode.ExtensionContext, services: EditorServices, environments: EnvironmentPicker): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('gatewayIon.signIn', async (uriArg?: unknown): Promise<SignInReport> => {
      const file = resolveFileUri(uriArg, 'gatewayIon.signIn');
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage(RESTRICTED_MESSAGE);
        return { ok: false, error: 'Restricted Mode: signing in sends the client credentials' };
      }
      const document = await vscode.workspace.openTextDocument(file);
      const parsed = parseIntegration(document.getText(), { fileName: file.fsPath });
      const environment = effectiveEnvironment(parsed.value, environments.picked(file)) ?? undefined;
      const engine = await loadEngine();
      const http = vscode.workspace.getConfiguration('http');
      const env = engineEnv(process.env, http.get<string>('proxy'), http.get<string[]>('noProxy'));
      const controller = new AbortController();
      try {
        const outcome = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: 'Gateway Ion: signing in (finish in the browser)', cancellable: true },
          (_progress, token) => {
            token.onCancellationRequested(() => controller.abort());
            return engine.signIn(parsed, {
              file: file.fsPath,
              environment,
              secrets: editorSecretSource(services.secrets, () => dialogOriginPrompt),
              env,
              signal: controller.signal,
              openUrl: async (url) => {
                const open = signInHooks.openExternal ?? ((u: string) => vscode.env.openExternal(vscode.Uri.parse(u, true)));
                await open(url);
              },
              showDeviceCode: (info) => {
                const openIt = 'Open Browser';
                const copy = 'Copy Code';
                void vscode.window
                  .showInformationMessage(`Gateway Ion: open ${info.verificationUri} and enter the code ${info.userCode}`, openIt, copy)
                  .then((choice) => {
                    if (choice === openIt) {
                      const target = info.verificationUriComplete ?? info.verificationUri;
                      void (signInHooks.openExternal ?? ((u: string) => vscode.env.openExternal(vscode.Uri.parse(u, true))))(target);
                    } else if (choice === copy) void vscode.env.clipboard.writeText(info.userCode);
                  });
              },
            });
          },
        );
        const stored = await saveRefreshToken(services.secrets, outcome.secretName, outcome.environment, outcome.refreshToken);
        void vscode.window.showInformationMessage(`Gateway Ion: signed in; the refresh token is stored as secret "${stored}".`);
        return { ok: true, secret: stored };
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        const hint = (e as { hint?: unknown }).hint;
        void vscode.window.showErrorMessage(`Gateway Ion: sign-in failed: ${message}${typeof hint === 'string' ? ` ${hint}` : ''}`);
        return { ok: false, error: message };
      }
    }),
  );
}
