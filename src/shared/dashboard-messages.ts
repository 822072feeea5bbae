/**
 * The messages between the extension and the dashboard's script (README "Dashboard"), one
 * discriminated union each way, checked on arrival on both sides like the response panel's
 * (messages.ts). Plain data only: no `vscode`, no Node.
 */
import type { IntegrationReport, Report } from '../core/report';

/** What the dashboard shows: the report of `buildReport` (docs/reference.md#ion-report). */
export interface DashboardState {
  /** Increases with every state posted; the `rendered` report echoes it. */
  seq: number;
  report: Report;
  /** Integration files found in the workspace (for the empty state). */
  files: number;
}

/** Extension → dashboard. */
export type ToDashboard = { type: 'report'; state: DashboardState };

/** What the script reports after each render (Test mode only): tests assert on this, not on HTML. */
export interface DashboardRendered {
  seq: number;
  /** One per integration and environment, in the order shown. */
  cards: Array<{ integration: string; environment: string | null; calls: number; failures: number; bars: number }>;
  /** Needs attention items shown at the top. */
  attention: number;
  /** Every "Show run" link (the run ids). */
  runLinks: string[];
  /** The dashboard's whole visible text. */
  text: string;
}

/** Dashboard → extension. */
export type FromDashboard =
  | { type: 'ready'; seq?: number }
  | { type: 'rendered'; report: DashboardRendered }
  | { type: 'showRun'; integration: string; file: string | null; runId: string }
  | { type: 'openFile'; file: string };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isNullStr = (v: unknown): v is string | null => v === null || typeof v === 'string';

function isIntegrationReport(v: unknown): v is IntegrationReport {
  return (
    isObj(v) &&
    isStr(v.integration) &&
    isNullStr(v.environment) &&
    isInt(v.calls) &&
    isInt(v.failures) &&
    isNum(v.errorRate) &&
    isNum(v.avgMs) &&
    isNum(v.p50Ms) &&
    isNum(v.p95Ms) &&
    (v.lastError === null || (isObj(v.lastError) && isStr(v.lastError.ts) && isStr(v.lastError.code) && isNullStr(v.lastError.hint))) &&
    Array.isArray(v.perDay) &&
    v.perDay.every((d) => isObj(d) && isStr(d.day) && isInt(d.ok) && isInt(d.failed)) &&
    isObj(v.errorCodes) &&
    Object.values(v.errorCodes).every(isInt) &&
    Array.isArray(v.attention) &&
    v.attention.every((a) => isObj(a) && isStr(a.kind) && isStr(a.message))
  );
}

function isState(v: unknown): v is DashboardState {
  return (
    isObj(v) &&
    isInt(v.seq) &&
    isInt(v.files) &&
    isObj(v.report) &&
    isStr(v.report.since) &&
    isStr(v.report.until) &&
    Array.isArray(v.report.integrations) &&
    v.report.integrations.every(isIntegrationReport)
  );
}

export function parseToDashboard(m: unknown): ToDashboard | undefined {
  return isObj(m) && m.type === 'report' && isState(m.state) ? { type: 'report', state: m.state } : undefined;
}

/** The webview's saved state (getState/setState). */
export function parseDashboardState(v: unknown): DashboardState | undefined {
  return isState(v) ? v : undefined;
}

function isRendered(v: unknown): v is DashboardRendered {
  return (
    isObj(v) &&
    isInt(v.seq) &&
    Array.isArray(v.cards) &&
    v.cards.every((c) => isObj(c) && isStr(c.integration) && isNullStr(c.environment) && isInt(c.calls) && isInt(c.failures) && isInt(c.bars)) &&
    isInt(v.attention) &&
    Array.isArray(v.runLinks) &&
    v.runLinks.every(isStr) &&
    isStr(v.text)
  );
}

export function parseFromDashboard(m: unknown): FromDashboard | undefined {
  if (!isObj(m)) return undefined;
  switch (m.type) {
    case 'ready':
      return isInt(m.seq) ? { type: 'ready', seq: m.seq } : { type: 'ready' };
    case 'rendered':
      return isRendered(m.report) ? { type: 'rendered', report: m.report } : undefined;
    case 'showRun':
      return isStr(m.integration) && isNullStr(m.file) && isStr(m.runId) && m.runId.length > 0 ? { type: 'showRun', integration: m.integration, file: m.file, runId: m.runId } : undefined;
    case 'openFile':
      return isStr(m.file) && m.file.length > 0 ? { type: 'openFile', file: m.file } : undefined;
    default:
      return undefined;
  }
}
