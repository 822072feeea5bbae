/**
 * SecretStorage behind a small typed wrapper. Values live only in SecretStorage; the
 * names (SecretStorage cannot list) and each secret's allowed origins live in global state. A
 * per-environment value is stored as `NAME@env` and wins over `NAME` in that environment.
 * Origins are remembered per base name: `NAME`, `NAME@env` and `NAME__ENV` share one binding.
 * Nothing here ever logs, displays or returns a value except through `get`.
 */
import * as vscode from 'vscode';
import { secretBaseName } from '../../core/secrets';

const KEY_PREFIX = 'gatewayIon.secret.';
const INDEX_KEY = 'gatewayIon.secretIndex';
const ORIGINS_KEY = 'gatewayIon.secretOrigins';

export interface SecretInfo {
  /** `NAME` or `NAME@env`. */
  name: string;
  /** Origins "Always" allowed for it. */
  origins: string[];
}

/** The part of the store the core's SecretSource and the language features need (fakes implement this in tests). */
export interface SecretStoreApi {
  get(name: string, environment?: string): Promise<string | undefined>;
  has(name: string, environment?: string): Promise<boolean>;
  names(): string[];
  origins(name: string): string[];
  readonly onDidChange: vscode.Event<string>;
}

export const SECRET_NAME_RE = /^[A-Za-z_][A-Za-z0-9_-]*(@[A-Za-z_][A-Za-z0-9_-]*)?$/;

export class SecretStore implements SecretStoreApi, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<string>();
  readonly onDidChange = this.changed.event;
  private readonly readObservers = new Set<(key: string) => void>();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly storage: vscode.SecretStorage,
    private readonly state: vscode.Memento,
  ) {
    this.subscription = storage.onDidChange((e) => {
      if (e.key.startsWith(KEY_PREFIX)) this.changed.fire(e.key.slice(KEY_PREFIX.length));
    });
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  /** Calls `observer` with the key of every value read from SecretStorage from now on (never the value), until disposed. */
  observeReads(observer: (key: string) => void): vscode.Disposable {
    this.readObservers.add(observer);
    return new vscode.Disposable(() => this.readObservers.delete(observer));
  }

  async get(name: string, environment?: string): Promise<string | undefined> {
    for (const o of this.readObservers) o(environment ? `${name}@${environment}` : name);
    if (environment) {
      const scoped = await this.storage.get(KEY_PREFIX + `${name}@${environment}`);
      if (scoped !== undefined) return scoped;
    }
    return this.storage.get(KEY_PREFIX + name);
  }

  async has(name: string, environment?: string): Promise<boolean> {
    return (await this.get(name, environment)) !== undefined;
  }

  names(): string[] {
    return [...this.state.get<string[]>(INDEX_KEY, [])].sort();
  }

  origins(name: string): string[] {
    const base = secretBaseName(name);
    return this.state.get<Record<string, string[]>>(ORIGINS_KEY, {})[base] ?? [];
  }

  list(): SecretInfo[] {
    return this.names().map((name) => ({ name, origins: this.origins(name) }));
  }

  async set(name: string, value: string): Promise<void> {
    if (!SECRET_NAME_RE.test(name)) throw new Error(`"${name}" is not a secret name (letters, digits, _ and -; optionally @environment)`);
    await this.storage.store(KEY_PREFIX + name, value);
    const index = new Set(this.state.get<string[]>(INDEX_KEY, []));
    index.add(name);
    await this.state.update(INDEX_KEY, [...index]);
  }

  async delete(name: string): Promise<void> {
    await this.storage.delete(KEY_PREFIX + name);
    await this.state.update(INDEX_KEY, this.state.get<string[]>(INDEX_KEY, []).filter((n) => n !== name));
    if (!this.names().some((n) => secretBaseName(n) === secretBaseName(name))) {
      const all = { ...this.state.get<Record<string, string[]>>(ORIGINS_KEY, {}) };
      delete all[secretBaseName(name)];
      await this.state.update(ORIGINS_KEY, all);
    }
  }

  async rememberOrigin(name: string, origin: string): Promise<void> {
    const base = secretBaseName(name);
    const all = { ...this.state.get<Record<string, string[]>>(ORIGINS_KEY, {}) };
    const list = new Set(all[base] ?? []);
    list.add(origin);
    all[base] = [...list].sort();
    await this.state.update(ORIGINS_KEY, all);
  }

  async forgetOrigins(name: string): Promise<void> {
    const all = { ...this.state.get<Record<string, string[]>>(ORIGINS_KEY, {}) };
    delete all[secretBaseName(name)];
    await this.state.update(ORIGINS_KEY, all);
  }
}
