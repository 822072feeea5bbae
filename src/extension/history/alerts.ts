/**
 * Editor alerts (README "Alerts"): a failing triggered run (a schedule or webhook run of Start
 * Triggers) raises a warning with **Show run** and the hint, by the core's AlertPolicy, and one
 * "recovered" message when it succeeds again. The setting `gatewayIon.alerts` chooses: `off`;
 * `policy` (default: the file's `alerts:` key, else an alert at the first failure, once until it
 * recovers); `everyFailure` (each failed triggered run).
 */
import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { AlertPolicy, type Alert } from '../../core/alerts';
import type { AlertsSpec } from '../../core/model';
import type { parseIntegration } from '../../core/parse';
import type { RunLogEntry } from '../../core/result';

export type AlertsSetting = 'off' | 'policy' | 'everyFailure';

export const SHOW_RUN = 'Show run';

/** Shows an alert and resolves with the action chosen (host tests answer without a notification). */
export type AlertNotifier = (alert: Alert, actions: string[]) => Thenable<string | undefined>;

const defaultNotifier: AlertNotifier = (alert, actions) =>
  alert.kind === 'failing' ? vscode.window.showWarningMessage(alert.text, ...actions) : vscode.window.showInformationMessage(alert.text, ...actions);

export function alertsSetting(): AlertsSetting {
  const v = vscode.workspace.getConfiguration('gatewayIon').get<string>('alerts');
  return v === 'off' || v === 'everyFailure' ? v : 'policy';
}

export class EditorAlerts {
  private policies = new Map<string, AlertsSpec | 'off' | undefined>();
  private readonly byMode = new Map<AlertsSetting, AlertPolicy>();
  private notifier: AlertNotifier | undefined;
  /** What was raised (test hooks read it). */
  readonly raised: Alert[] = [];

  constructor(
    private readonly parse: typeof parseIntegration,
    private readonly showRun: (integration: string, file: string, runId: string) => Promise<void>,
  ) {}

  /** Replaces the notification (Test mode); undefined restores it. */
  setNotifier(n: AlertNotifier | undefined): void {
    this.notifier = n;
  }

  private policy(mode: AlertsSetting): AlertPolicy {
    let p = this.byMode.get(mode);
    if (!p) {
      p =
        mode === 'everyFailure'
          ? new AlertPolicy({ policyFor: () => undefined, fallback: { off: false, after: 1, repeatMs: 0 } })
          : new AlertPolicy({ policyFor: (integration) => this.policies.get(integration) });
      this.byMode.set(mode, p);
    }
    return p;
  }

  /** The file's `alerts:` (read when its run lands: it may have changed since the triggers started). */
  private async readPolicy(entry: RunLogEntry): Promise<void> {
    try {
      const parsed = this.parse(await readFile(entry.file, 'utf8'), { fileName: entry.file });
      this.policies.set(entry.integration, parsed.value?.alerts);
    } catch {
      // the file is gone: the last policy read stays
    }
  }

  /** A triggered run landed. Returns the alert raised, if any. */
  async observe(entry: RunLogEntry, hint: string | undefined): Promise<Alert | null> {
    if (entry.trigger === 'manual' || entry.skipped) return null;
    const mode = alertsSetting();
    if (mode === 'off') return null;
    if (mode === 'policy') await this.readPolicy(entry);
    const alert = this.policy(mode).observe({ ...entry, hint }, Date.now());
    if (!alert) return null;
    this.raised.push(alert);
    if (this.raised.length > 100) this.raised.splice(0, this.raised.length - 100);
    const actions = alert.runId ? [SHOW_RUN] : [];
    void (this.notifier ?? defaultNotifier)(alert, actions).then((choice) => {
      if (choice === SHOW_RUN && alert.runId) void this.showRun(entry.integration, entry.file, alert.runId);
    });
    return alert;
  }
}
