/**
 * Alerts for triggered runs (README "Alerts", docs/reference.md#alerts): the policy
 * `alerts: { after: N, repeat: DURATION }` (or `off`) decides, run by run, when a failing
 * integration raises an alert and when it has recovered. Used by `ion serve --alert-url` (whose
 * POST is src/core/serve/alert-post.ts) and by the editor. The text holds only names, codes and
 * hints (never a body, a header or a value), and goes through the caller's mask as well.
 */
import type { AlertsSpec } from '../model';
import { hintFor } from '../report';
import type { RunLogEntry } from '../result';
import { parseDuration } from '../units';

export interface Alert {
  kind: 'failing' | 'recovered';
  integration: string;
  environment: string | null;
  text: string;
  hint?: string;
  runId?: string;
  code?: string;
  /** Failed runs in a row (for `recovered`: how many there were before the success). */
  failures: number;
}

/** The policy of one integration, resolved: `after` ≥ 1; `repeatMs` undefined = once until recovered. */
export interface ResolvedAlertPolicy {
  off: boolean;
  after: number;
  repeatMs: number | undefined;
}

export const DEFAULT_ALERT_POLICY: ResolvedAlertPolicy = { off: false, after: 1, repeatMs: undefined };

/** `alerts:` of a file (absent: the default, alert at the first failure, once until recovered). */
export function resolveAlertPolicy(spec: AlertsSpec | 'off' | false | undefined, fallback: ResolvedAlertPolicy = DEFAULT_ALERT_POLICY): ResolvedAlertPolicy {
  if (spec === 'off' || spec === false) return { off: true, after: 1, repeatMs: undefined };
  if (spec === undefined || spec === null || typeof spec !== 'object') return fallback;
  const after = typeof spec.after === 'number' && Number.isFinite(spec.after) && spec.after >= 1 ? Math.floor(spec.after) : fallback.after;
  const repeatMs = spec.repeat === undefined ? fallback.repeatMs : parseDuration(spec.repeat);
  return { off: false, after, repeatMs: repeatMs !== undefined && repeatMs > 0 ? repeatMs : undefined };
}

export interface AlertPolicyOptions {
  /** The policy of an integration (by name); undefined: `fallback`. */
  policyFor?(integration: string): AlertsSpec | 'off' | false | undefined;
  /** When the file says nothing (default: after 1, once until recovered). */
  fallback?: ResolvedAlertPolicy;
  /** Masks secret values out of the text (src/core/secrets); the text has none by construction. */
  mask?(text: string): string;
  /** Product name at the start of the text (default "Gateway Ion"). */
  prefix?: string;
}

/** What `observe` accepts: a run log line (the hint may be the run's own, else the code's). */
export type ObservedRun = Pick<RunLogEntry, 'integration' | 'environment' | 'trigger' | 'ok' | 'errorCode'> & Partial<Pick<RunLogEntry, 'status' | 'runId' | 'skipped' | 'ts'>> & { hint?: string };

interface State {
  streak: number;
  alerted: boolean;
  lastAlertAt: number;
}

export class AlertPolicy {
  private readonly state = new Map<string, State>();

  constructor(private readonly options: AlertPolicyOptions = {}) {}

  /**
   * Feeds one finished run. Only triggered runs count (schedule, webhook); manual runs and
   * skipped ticks are ignored. Returns the alert to send, if any.
   */
  observe(run: ObservedRun, now: number): Alert | null {
    if (run.trigger === 'manual' || run.skipped) return null;
    const policy = resolveAlertPolicy(this.options.policyFor?.(run.integration), this.options.fallback ?? DEFAULT_ALERT_POLICY);
    if (policy.off) return null;
    const key = `${run.integration}\u0000${run.environment ?? ''}`;
    let s = this.state.get(key);
    if (!s) this.state.set(key, (s = { streak: 0, alerted: false, lastAlertAt: 0 }));
    const mask = this.options.mask ?? ((t: string) => t);
    const prefix = this.options.prefix ?? 'Gateway Ion';
    const name = `${run.integration}${run.environment ? ` (${run.environment})` : ''}`;
    if (run.ok) {
      const was = s.streak;
      s.streak = 0;
      if (!s.alerted) return null;
      s.alerted = false;
      return {
        kind: 'recovered',
        integration: run.integration,
        environment: run.environment,
        failures: was,
        text: mask(`${prefix}: ${name} recovered after ${was} failed run${was === 1 ? '' : 's'}.`),
        ...(run.runId ? { runId: run.runId } : {}),
      };
    }
    s.streak++;
    if (s.streak < policy.after) return null;
    if (s.alerted && (policy.repeatMs === undefined || now - s.lastAlertAt < policy.repeatMs)) return null;
    s.alerted = true;
    s.lastAlertAt = now;
    const code = run.errorCode ?? 'unknown';
    const hint = run.hint ?? hintFor(run.errorCode) ?? undefined;
    const status = typeof run.status === 'number' ? ` (HTTP ${run.status})` : '';
    const text = `${prefix}: ${name} is failing: ${s.streak} ${run.trigger} run${s.streak === 1 ? '' : 's'} in a row failed, the last with ${code}${status}.${hint ? ` Hint: ${hint}` : ''}${run.runId ? ` Run ${run.runId}.` : ''}`;
    return {
      kind: 'failing',
      integration: run.integration,
      environment: run.environment,
      failures: s.streak,
      text: mask(text),
      code,
      ...(hint ? { hint: mask(hint) } : {}),
      ...(run.runId ? { runId: run.runId } : {}),
    };
  }
}

