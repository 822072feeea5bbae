/**
 * The messages between the extension and the response panel's script, one discriminated union
 * each way, checked on arrival on both sides (`parseToWebview`, `parseFromWebview`): a message
 * that does not match is dropped, never trusted. Plain data only; no `vscode`, no Node.
 */
import type { RunResult } from '../core/result';

/** What the panel shows: one run of one integration file (everything in it is already masked). */
export interface PanelState {
  /** Increases with every state the extension posts; the `rendered` report echoes it. */
  seq: number;
  /** The integration file (`Uri.toString()`), so a restored panel knows whose it is. */
  fileUri: string;
  /** For the title: the file's base name. */
  fileName: string;
  result: RunResult;
  /** The request as a curl command, secrets as `$ION_SECRET_*` names; null when it cannot be built. */
  curl: string | null;
  /** Whether "Save as test" has a response to record. */
  canSaveAsTest: boolean;
  /** A one-line note under the title (e.g. "Saved as test …"). */
  notice?: string;
  /** The file's readiness checklist and flow diagram, when the file could be read. */
  plan?: PanelPlan;
}

/** What the panel shows of the file itself (README, "Plan and document an integration"). */
export interface PanelPlan {
  /** Readiness items met, of `total`. */
  met: number;
  total: number;
  /** The labels of the items not met (`Rate limits known`, …). */
  missing: string[];
  /** The flow as an SVG document (src/core/docs: every text in it escaped). */
  flowSvg: string;
}

/** Extension → webview. */
export type ToWebview =
  | { type: 'show'; state: PanelState }
  | { type: 'running'; seq: number; fileName: string; environment: string | null };

/** The seq a message to the panel carries (a `show` state's, or a `running` message's own). */
export const seqOf = (m: ToWebview): number => (m.type === 'show' ? m.state.seq : m.seq);

/** What the panel's script reports after each render: tests assert on this, not on HTML. */
export interface PanelReport {
  seq: number;
  /** `ok`, `failed`, `running` or `restored`. */
  status: string;
  /** Section ids in the order shown (`errors`, `request`, `attempts`, `response`, `output`, `validation`, `logs`). */
  sections: string[];
  attempts: number;
  responseHeaders: number;
  /** True when the response body was shown as a foldable JSON tree (false: raw text). */
  jsonTree: boolean;
  validation: number;
  errors: Array<{ code: string; hint: string; line: number | null }>;
  /** Every button the panel shows (by label). */
  buttons: string[];
  /** The readiness line as shown (`Ready 3/4 …`), when the state had a plan. */
  readiness?: string;
  /** The panel's whole visible text (`textContent`): secrets must never be in it. */
  text: string;
}

/** Webview → extension. */
export type FromWebview =
  /** `seq`: the seq of the state the script restored from its saved state (nothing to re-post when it is the latest). */
  | { type: 'ready'; seq?: number }
  | { type: 'rendered'; report: PanelReport }
  | { type: 'reveal'; line: number; column: number }
  | { type: 'copyCurl' }
  | { type: 'saveAsTest' };

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isStrArray = (v: unknown): v is string[] => Array.isArray(v) && v.every(isStr);

function isRunResult(v: unknown): v is RunResult {
  return (
    isObj(v) &&
    typeof v.ok === 'boolean' &&
    isStr(v.name) &&
    isStr(v.file) &&
    (v.environment === null || isStr(v.environment)) &&
    typeof v.durationMs === 'number' &&
    (v.request === null || isObj(v.request)) &&
    Array.isArray(v.attempts) &&
    v.attempts.every(isObj) &&
    (v.response === null || isObj(v.response)) &&
    isStrArray(v.logs) &&
    Array.isArray(v.validation) &&
    v.validation.every(isObj) &&
    Array.isArray(v.errors) &&
    v.errors.every((e) => isObj(e) && isStr(e.code) && isStr(e.message) && isStr(e.hint))
  );
}

function isPanelPlan(v: unknown): v is PanelPlan {
  return isObj(v) && isInt(v.met) && isInt(v.total) && isStrArray(v.missing) && isStr(v.flowSvg) && v.flowSvg.startsWith('<svg');
}

function isPanelState(v: unknown): v is PanelState {
  return (
    isObj(v) &&
    isInt(v.seq) &&
    isStr(v.fileUri) &&
    isStr(v.fileName) &&
    isRunResult(v.result) &&
    (v.curl === null || isStr(v.curl)) &&
    typeof v.canSaveAsTest === 'boolean' &&
    (v.notice === undefined || isStr(v.notice)) &&
    (v.plan === undefined || isPanelPlan(v.plan))
  );
}

/** The message as a ToWebview, or undefined when it is not one. */
export function parseToWebview(m: unknown): ToWebview | undefined {
  if (!isObj(m)) return undefined;
  switch (m.type) {
    case 'show':
      return isPanelState(m.state) ? { type: 'show', state: m.state } : undefined;
    case 'running':
      return isInt(m.seq) && isStr(m.fileName) && (m.environment === null || isStr(m.environment))
        ? { type: 'running', seq: m.seq, fileName: m.fileName, environment: m.environment }
        : undefined;
    default:
      return undefined;
  }
}

function isReport(v: unknown): v is PanelReport {
  return (
    isObj(v) &&
    isInt(v.seq) &&
    isStr(v.status) &&
    isStrArray(v.sections) &&
    isInt(v.attempts) &&
    isInt(v.responseHeaders) &&
    typeof v.jsonTree === 'boolean' &&
    isInt(v.validation) &&
    Array.isArray(v.errors) &&
    v.errors.every((e) => isObj(e) && isStr(e.code) && isStr(e.hint) && (e.line === null || isInt(e.line))) &&
    isStrArray(v.buttons) &&
    (v.readiness === undefined || isStr(v.readiness)) &&
    isStr(v.text)
  );
}

/** The message as a FromWebview, or undefined when it is not one. */
export function parseFromWebview(m: unknown): FromWebview | undefined {
  if (!isObj(m)) return undefined;
  switch (m.type) {
    case 'ready':
      return isInt(m.seq) ? { type: 'ready', seq: m.seq } : { type: 'ready' };
    case 'copyCurl':
    case 'saveAsTest':
      return { type: m.type };
    case 'rendered':
      return isReport(m.report) ? { type: 'rendered', report: m.report } : undefined;
    case 'reveal':
      return isInt(m.line) && m.line >= 1 && isInt(m.column) && m.column >= 1 ? { type: 'reveal', line: m.line, column: m.column } : undefined;
    default:
      return undefined;
  }
}

/** The webview's saved state (getState/setState): the last state shown. */
export function parseSavedState(v: unknown): PanelState | undefined {
  return isPanelState(v) ? v : undefined;
}
