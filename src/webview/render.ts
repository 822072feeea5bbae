/** Builds the panel for one run (PanelState) and says what it showed (PanelReport, without `text`). */
import type { AttemptRecord, RunResult } from '../core/result';
import type { PanelPlan, PanelReport, PanelState } from '../shared/messages';
import { append, el, formatBytes, formatMs, keyValueTable, section } from './dom';
import { jsonTree, parseJsonBody } from './json-tree';
import { readinessLine } from './readiness-line';

export interface Actions {
  reveal(line: number, column: number): void;
  copyCurl(): void;
  saveAsTest(): void;
}

export type Rendered = Omit<PanelReport, 'seq' | 'text'>;

function button(label: string, onClick: () => void, enabled = true, title?: string): HTMLButtonElement {
  const b = el('button', 'button', label);
  b.type = 'button';
  b.disabled = !enabled;
  if (title) b.title = title;
  b.addEventListener('click', onClick);
  return b;
}

function header(state: PanelState, actions: Actions): HTMLElement {
  const r = state.result;
  const h = el('header', 'header');
  const title = el('div', 'title');
  const badge = el('span', `badge ${r.ok ? 'badge-ok' : 'badge-fail'}`, r.ok ? 'OK' : 'FAILED');
  append(title, badge, ' ', el('h1', undefined, r.name || state.fileName));
  const meta = el('div', 'meta', [state.fileName, r.environment ? `environment ${r.environment}` : 'no environment', formatMs(r.durationMs)].join(' · '));
  const bar = el('div', 'actions');
  append(
    bar,
    button('Copy as cURL', actions.copyCurl, state.curl !== null, 'The request as a curl command; secrets appear as $ION_SECRET_* names'),
    button('Save as test', actions.saveAsTest, state.canSaveAsTest, state.canSaveAsTest ? 'Append this response to the file\'s tests: as an offline fixture' : 'This run got no response to record'),
  );
  const ready = state.plan ? el('div', `readiness ${state.plan.met === state.plan.total ? 'readiness-full' : 'readiness-partial'}`, readinessLine(state.plan)) : undefined;
  append(h, title, meta, ready, bar, state.notice ? el('div', 'notice', state.notice) : undefined);
  return h;
}

/**
 * The flow diagram, parsed as SVG (never as HTML) from the core's string, in which every text is
 * escaped; scripts cannot run in it (the panel's CSP allows only its own nonce).
 */
function flowSection(plan: PanelPlan): HTMLElement | undefined {
  const doc = new DOMParser().parseFromString(plan.flowSvg, 'image/svg+xml');
  const svg = doc.documentElement;
  if (svg.nodeName !== 'svg' || doc.getElementsByTagName('parsererror').length > 0) return undefined;
  for (const bad of [...svg.querySelectorAll('script, foreignObject')]) bad.remove();
  const box = el('div', 'flow-diagram');
  box.appendChild(document.importNode(svg, true));
  const d = el('details', 'flow-details');
  append(d, el('summary', undefined, 'Trigger → request → validation → transform → outputs'), box);
  return section('flow', 'Flow', d);
}

function errorsSection(r: RunResult, actions: Actions): HTMLElement {
  const list = el('div', 'errors');
  r.errors.forEach((e, i) => {
    const box = el('div', `error${i === 0 ? ' error-first' : ''}`);
    const head = el('div', 'error-head');
    append(head, el('code', 'error-code', e.code), ' ', el('span', 'error-message', e.message));
    const hint = el('div', 'hint');
    append(hint, el('strong', undefined, 'Hint: '), e.hint);
    append(box, head, hint);
    if (e.range) {
      const { line, column } = e.range;
      const link = el('a', 'line-link', `Go to line ${line}, column ${column}`);
      link.href = '#';
      link.addEventListener('click', (ev) => {
        ev.preventDefault();
        actions.reveal(line, column);
      });
      box.appendChild(link);
    }
    list.appendChild(box);
  });
  return section('errors', r.errors.length === 1 ? 'Error' : `Errors (${r.errors.length})`, list);
}

function requestSection(state: PanelState): HTMLElement {
  const req = state.result.request!;
  const line = el('div', 'request-line');
  append(line, el('span', 'method', req.method), ' ', el('span', 'url', req.url));
  const headers = Object.entries(req.headers);
  const parts: Array<Node> = [line];
  if (headers.length) parts.push(keyValueTable(headers));
  if (state.curl !== null) {
    const d = el('details', 'curl');
    append(d, el('summary', undefined, 'As cURL'), el('pre', 'code', state.curl));
    parts.push(d);
  }
  return section('request', 'Request (as sent, secrets masked)', ...parts);
}

function attemptLabel(a: AttemptRecord): string {
  return a.status !== undefined ? String(a.status) : a.error ?? 'no response';
}

function attemptsSection(attempts: AttemptRecord[]): HTMLElement {
  const total = Math.max(1, attempts.reduce((s, a) => s + a.durationMs + a.waitMs, 0));
  const list = el('ol', 'timeline');
  attempts.forEach((a, i) => {
    const ok = a.status !== undefined && a.status < 400;
    const row = el('li', `attempt ${ok ? 'attempt-ok' : 'attempt-fail'}`);
    const text = el('div', 'attempt-text');
    append(
      text,
      el('span', 'attempt-n', `#${i + 1}`),
      ' ',
      el('span', 'attempt-status', attemptLabel(a)),
      ` in ${formatMs(a.durationMs)}`,
      a.waitMs > 0 ? el('span', 'attempt-wait', ` after waiting ${formatMs(a.waitMs)}`) : undefined,
    );
    const bar = el('div', 'bar');
    if (a.waitMs > 0) {
      const w = el('span', 'bar-wait');
      w.style.width = `${(100 * a.waitMs) / total}%`;
      bar.appendChild(w);
    }
    const d = el('span', 'bar-run');
    d.style.width = `${Math.max(0.5, (100 * a.durationMs) / total)}%`;
    bar.appendChild(d);
    append(row, text, bar);
    list.appendChild(row);
  });
  return section('attempts', `Attempts (${attempts.length})`, list);
}

function responseSection(r: RunResult): { node: HTMLElement; jsonTree: boolean; headers: number } {
  const res = r.response!;
  const last = r.attempts[r.attempts.length - 1];
  const summary = el('div', 'response-line');
  append(
    summary,
    el('span', `status ${res.status < 400 ? 'status-ok' : 'status-fail'}`, String(res.status)),
    ` · ${formatBytes(res.sizeBytes)}`,
    last ? ` · ${formatMs(last.durationMs)}` : '',
    res.truncated ? el('span', 'truncated', ' · shown cut at 64 KB') : undefined,
    // README "Caching responses": where the response came from.
    r.cache === 'hit' ? el('span', 'cache', ' · from cache') : r.cache === 'revalidated' ? el('span', 'cache', ' · revalidated (304)') : undefined,
  );
  const headers = Object.entries(res.headers);
  const h = el('details', 'headers');
  append(h, el('summary', undefined, `Headers (${headers.length})`), keyValueTable(headers));
  const contentType = Object.entries(res.headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1];
  const parsed = res.truncated ? undefined : parseJsonBody(res.body, contentType);
  let body: HTMLElement;
  if (parsed !== undefined) {
    body = el('div', 'json body');
    body.appendChild(jsonTree(parsed, 1));
  } else {
    body = el('pre', 'code body', res.body === '' ? '(empty body)' : res.body);
  }
  return { node: section('response', 'Response', summary, h, body), jsonTree: parsed !== undefined, headers: headers.length };
}

/** `deprecated` (Sunset / Deprecation headers), `max_pages`, …: shown, but the run did not fail. */
function warningsSection(warnings: NonNullable<RunResult['warnings']>): HTMLElement {
  const list = el('ul', 'warnings');
  for (const w of warnings) {
    const li = el('li', 'warning');
    append(li, el('code', 'warning-code', String(w.code)), ' ', String(w.message));
    list.appendChild(li);
  }
  return section('warnings', `Warnings (${warnings.length})`, list);
}

/** OAuth2: when the run's tokens were obtained, reused or refreshed and when they expire (never a value). */
function tokenSection(timeline: NonNullable<RunResult['auth']>['timeline']): HTMLElement {
  const list = el('ul', 'token-timeline');
  const what: Record<string, string> = { obtained: 'obtained', refreshed: 'refreshed after a 401', cached: 'reused from the cache (obtained', rotated: 'refresh token rotated' };
  for (const t of timeline) {
    const li = el('li', 'token-event');
    const label = what[t.event] ?? String(t.event);
    const at = String(t.at);
    append(
      li,
      el('code', 'token-event-kind', String(t.event)),
      ' ',
      t.event === 'cached' ? `${label} ${at})` : `${label} ${at}`,
      t.expiresAt ? ` · expires ${String(t.expiresAt)}` : t.event === 'rotated' ? '' : ' · no expiry given (not reused)',
      t.refreshAfter ? ` · renewed from ${String(t.refreshAfter)}` : '',
    );
    list.appendChild(li);
  }
  return section('token', 'Token (OAuth2)', list);
}

function outputSection(r: RunResult): HTMLElement {
  const out = r.output;
  const body = out !== null && typeof out === 'object' ? jsonTree(out) : el('pre', 'code', JSON.stringify(out));
  const wrap = el('div', 'json');
  wrap.appendChild(body);
  return section('output', 'Output', wrap);
}

function validationSection(r: RunResult): HTMLElement {
  const list = el('ul', 'validation');
  for (const v of r.validation) {
    const li = el('li');
    append(li, el('code', 'pointer', v.path || '/'), ' ', v.message);
    list.appendChild(li);
  }
  return section('validation', `Validation (${r.validation.length})`, list);
}

function logsSection(r: RunResult): HTMLElement {
  return section('logs', `Logs (${r.logs.length})`, el('pre', 'code logs', r.logs.join('\n')));
}

/** Replaces `root`'s content with the run. */
export function renderState(root: HTMLElement, state: PanelState, actions: Actions): Rendered {
  const r = state.result;
  const sections: string[] = [];
  const parts: HTMLElement[] = [header(state, actions)];
  const add = (id: string, node: HTMLElement) => {
    sections.push(id);
    parts.push(node);
  };
  if (r.errors.length) add('errors', errorsSection(r, actions));
  const warnings = Array.isArray(r.warnings) ? r.warnings : [];
  if (warnings.length) add('warnings', warningsSection(warnings));
  if (r.request) add('request', requestSection(state));
  if (r.attempts.length) add('attempts', attemptsSection(r.attempts));
  const timeline = Array.isArray(r.auth?.timeline) ? r.auth.timeline : [];
  if (timeline.length) add('token', tokenSection(timeline));
  let tree = false;
  let headers = 0;
  if (r.response) {
    const s = responseSection(r);
    tree = s.jsonTree;
    headers = s.headers;
    add('response', s.node);
  }
  if (r.ok || r.output !== null) add('output', outputSection(r));
  if (r.validation.length) add('validation', validationSection(r));
  if (r.logs.length) add('logs', logsSection(r));
  const flow = state.plan ? flowSection(state.plan) : undefined;
  if (flow) add('flow', flow);
  root.replaceChildren(...parts);
  return {
    status: r.ok ? 'ok' : 'failed',
    sections,
    attempts: r.attempts.length,
    responseHeaders: headers,
    jsonTree: tree,
    validation: r.validation.length,
    errors: r.errors.map((e) => ({ code: e.code, hint: e.hint, line: e.range?.line ?? null })),
    buttons: [...root.querySelectorAll('button')].map((b) => b.textContent ?? ''),
    ...(state.plan ? { readiness: readinessLine(state.plan) } : {}),
  };
}

export function renderRunning(root: HTMLElement, fileName: string, environment: string | null): Rendered {
  const box = el('div', 'running');
  append(box, el('span', 'spinner'), ` Running ${fileName}${environment ? ` in ${environment}` : ''}…`);
  root.replaceChildren(box);
  return { status: 'running', sections: [], attempts: 0, responseHeaders: 0, jsonTree: false, validation: 0, errors: [], buttons: [] };
}
