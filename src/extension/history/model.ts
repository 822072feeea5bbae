/**
 * The run history the Runs view and the dashboard read (README "Runs view"): every line of the
 * editor's run logs (each workspace folder's, and the extension's own), across rotated files,
 * read once, then kept up to date in memory from the runs that land (editor runs and the trigger
 * host's, by their events) instead of reading the log again. Lines are grouped per integration
 * in time order. No `vscode` import.
 */
import type { RunLogEntry } from '../../core/result';
import { readRunLogAll } from '../../core/runlog';

export class RunHistoryModel {
  private byIntegration = new Map<string, RunLogEntry[]>();
  private runIds = new Set<string>();
  private count = 0;
  private loading: Promise<void> | undefined;
  /** Runs that landed while the log was being read: added after it, unless the read had them. */
  private pending: RunLogEntry[] = [];
  private loaded = false;

  constructor(private readonly paths: () => string[]) {}

  /** Reads the logs (once; `reload` reads them again). */
  load(): Promise<void> {
    this.loading ??= this.read();
    return this.loading;
  }

  reload(): Promise<void> {
    this.loading = undefined;
    this.loaded = false;
    return this.load();
  }

  private async read(): Promise<void> {
    const paths = [...new Set(this.paths())];
    const reads = await Promise.all(paths.map((p) => readRunLogAll(p).catch(() => ({ entries: [] as RunLogEntry[], skipped: 0 }))));
    this.byIntegration = new Map();
    this.runIds = new Set();
    this.count = 0;
    for (const r of reads) for (const e of r.entries) this.push(e);
    // Several logs (or an old log merged with a new one) may interleave: each group in time order.
    for (const list of this.byIntegration.values()) {
      let sorted = true;
      for (let i = 1; i < list.length && sorted; i++) sorted = list[i - 1].ts <= list[i].ts;
      if (!sorted) list.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));
    }
    this.loaded = true;
    const pending = this.pending;
    this.pending = [];
    for (const e of pending) this.add(e);
  }

  private push(e: RunLogEntry): void {
    if (e.runId) {
      if (this.runIds.has(e.runId)) return;
      this.runIds.add(e.runId);
    }
    let list = this.byIntegration.get(e.integration);
    if (!list) this.byIntegration.set(e.integration, (list = []));
    list.push(e);
    this.count++;
  }

  /** A run that just landed (its line is already in a log). False when it was known. */
  add(e: RunLogEntry): boolean {
    if (!this.loaded) {
      this.pending.push(e);
      return true;
    }
    if (e.runId && this.runIds.has(e.runId)) return false;
    this.push(e);
    return true;
  }

  /** Whether the logs are read or being read (before that, a run that lands is read with them later). */
  get started(): boolean {
    return this.loading !== undefined;
  }

  get size(): number {
    return this.count;
  }

  integrations(): string[] {
    return [...this.byIntegration.keys()].sort((a, b) => a.localeCompare(b));
  }

  /** Every line of one integration, oldest first (the array itself: do not change it). */
  of(integration: string): readonly RunLogEntry[] {
    return this.byIntegration.get(integration) ?? [];
  }

  /** The latest `limit` lines of an integration, newest first. */
  recent(integration: string, limit: number): RunLogEntry[] {
    const list = this.of(integration);
    return list.slice(Math.max(0, list.length - limit)).reverse();
  }

  /** Every line, integration by integration. */
  *all(): Iterable<RunLogEntry> {
    for (const list of this.byIntegration.values()) yield* list;
  }

  find(runId: string): RunLogEntry | undefined {
    if (!this.runIds.has(runId)) return undefined;
    for (const list of this.byIntegration.values()) {
      for (let i = list.length - 1; i >= 0; i--) if (list[i].runId === runId) return list[i];
    }
    return undefined;
  }
}
