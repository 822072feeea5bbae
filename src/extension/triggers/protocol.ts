/**
 * The messages between the extension and its trigger host, the child process that runs `ion serve`
 * for a workspace folder (child.ts, built as dist/serve-host.js). Secrets go over this channel only,
 * one at a time when the child asks: never through the child's environment or argv.
 * No `vscode` import: both sides use it.
 */
import type { RunLogEntry, RunResult } from '../../core/result';
import type { Alert } from '../../core/alerts';

export interface StartMessage {
  type: 'start';
  /** Absolute paths of the *.ion.yaml files to serve. */
  files: string[];
  host: string;
  port: number;
  environment?: string;
  runLogPath: string;
  inboxDir: string;
  schedules: boolean;
  webhooks: boolean;
  /** The engine's environment (`{{ env.X }}`, proxies): the extension host's, proxies from the settings. */
  env: Record<string, string>;
}

/** Send Test Event: the child signs and posts `input` to its own listener. */
export interface TestEventMessage {
  type: 'test-event';
  id: number;
  integration: string;
  input: unknown;
}

export type ToChild =
  | StartMessage
  | TestEventMessage
  | { type: 'secret'; id: number; value: string | null }
  | { type: 'origin'; id: number; allowed: boolean }
  | { type: 'stop' };

export interface HookInfo {
  integration: string;
  method: string;
  path: string;
  signature: string | null;
}

export interface TriggerStatus {
  /** Webhook deliveries accepted (202) so far. */
  served: number;
  /** The soonest scheduled run, if any schedule is served. */
  nextSchedule: { integration: string; at: string } | null;
}

export type FromChild =
  | { type: 'secret-get'; id: number; name: string; environment?: string }
  | { type: 'origin-ask'; id: number; name: string; origin: string }
  | { type: 'started'; url: string; port: number; webhooks: HookInfo[]; schedules: number; skipped: string[] }
  | ({ type: 'status' } & TriggerStatus)
  | { type: 'log'; level: 'info' | 'warn' | 'error'; line: string }
  | { type: 'failed'; message: string }
  /** status 0: not sent (`text` says why). */
  | { type: 'test-answer'; id: number; status: number; text: string }
  | { type: 'stopped' }
  /** A triggered run is in the run log: its line (with its runId) and its masked result (the Runs view, stored results, alerts). */
  | { type: 'run'; entry: RunLogEntry; result: RunResult }
  /** A triggered run raised an alert by its file's `alerts:` policy (docs/reference.md#alerts); the text is masked. */
  | { type: 'alert'; alert: Alert };

/** Which environment variables never reach the child (the CLI's secret spelling: the editor's secrets come over IPC). */
export function childEnv(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && !/^ION_SECRET_/i.test(k)) out[k] = v;
  return out;
}
