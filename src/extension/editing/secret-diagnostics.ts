/**
 * `secret_not_set` (information) for `{{ secret.NAME }}` with no value in SecretStorage for any
 * environment. The names come from the store's index; a change event is confirmed by reading
 * whether that key now has a value (the value itself is dropped at once), then the open documents
 * are re-validated.
 */
import * as vscode from 'vscode';
import { secretNotSetDiagnostics } from '../../core/editor';
import type { DiagnosticsProvider } from '../diagnostics/provider';
import type { SecretStoreApi } from '../secrets/store';

export class KnownSecrets implements vscode.Disposable {
  private readonly keys: Set<string>;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly store: SecretStoreApi) {
    this.keys = new Set(store.names());
    this.subscription = store.onDidChange((key) => void this.update(key));
  }

  /** `NAME` and `NAME@env` keys that have a value. */
  names(): string[] {
    return [...new Set([...this.keys, ...this.store.names()])].sort();
  }

  private async update(key: string): Promise<void> {
    const present = (await this.store.get(key)) !== undefined;
    if (present) this.keys.add(key);
    else this.keys.delete(key);
    this.changed.fire();
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

export function registerSecretDiagnostics(context: vscode.ExtensionContext, diagnostics: DiagnosticsProvider, known: KnownSecrets): void {
  context.subscriptions.push(
    diagnostics.addSource((parsed) => secretNotSetDiagnostics(parsed, known.names())),
    known.onDidChange(() => diagnostics.refresh()),
  );
}
