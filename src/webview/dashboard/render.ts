/**
 * The dashboard's rendering (README "Dashboard"): Needs attention first, then one card per
 * integration and environment with its figures as text, calls per day as SVG bars (a `<title>`
 * per day, colours from the theme through CSS classes) and the same days as a table, the last
 * error with its hint and a Show run link, and the error codes. Text goes in through
 * `textContent` only; no inline styles (the CSP allows the stylesheet only).
 */
import type { IntegrationReport, Report } from '../../core/report';
import type { DashboardRendered, DashboardState } from '../../shared/dashboard-messages';
import { append, el, formatMs } from '../dom';

export interface DashboardActions {
  showRun(integration: string, file: string | null, runId: string): void;
  openFile(file: string): void;
}

const SVG = 'http://www.w3.org/2000/svg';
const BAR_W = 8;
const GAP = 2;
const CHART_H = 48;

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, className?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (className) node.setAttribute('class', className);
  return node;
}

export const percent = (rate: number): string => `${(rate * 100).toFixed(rate > 0 && rate < 0.001 ? 2 : 1)}%`;

/** A UTC instant as the reader's local date and time. */
function when(ts: string): string {
  const d = new Date(ts);
  return Number.isNaN(d.getTime()) ? ts : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

const label = (r: IntegrationReport): string => (r.environment ? `${r.integration} · ${r.environment}` : r.integration);
const cardId = (i: number): string => `card-${i}`;

function linkButton(text: string, title: string, onClick: () => void): HTMLButtonElement {
  const b = el('button', 'link', text);
  b.type = 'button';
  b.title = title;
  b.addEventListener('click', onClick);
  return b;
}

function chart(r: IntegrationReport, titleId: string): SVGSVGElement {
  const max = Math.max(1, ...r.perDay.map((d) => d.ok + d.failed));
  const width = r.perDay.length * (BAR_W + GAP);
  const ok = r.perDay.reduce((s, d) => s + d.ok, 0);
  const failed = r.perDay.reduce((s, d) => s + d.failed, 0);
  const root = svg('svg', { viewBox: `0 0 ${width} ${CHART_H + 1}`, width: '100%', height: CHART_H + 1, role: 'img', preserveAspectRatio: 'none', 'aria-labelledby': titleId }, 'chart');
  const title = svg('title', { id: titleId });
  title.textContent = `Calls per day, ${r.perDay.length} days: ${ok} succeeded, ${failed} failed`;
  root.appendChild(title);
  root.appendChild(svg('line', { x1: 0, x2: width, y1: CHART_H + 0.5, y2: CHART_H + 0.5 }, 'axis'));
  r.perDay.forEach((d, i) => {
    const g = svg('g', {}, 'day');
    const t = svg('title', {});
    t.textContent = `${d.day}: ${d.ok} succeeded, ${d.failed} failed`;
    g.appendChild(t);
    const x = i * (BAR_W + GAP);
    const hOk = (d.ok / max) * CHART_H;
    const hFailed = (d.failed / max) * CHART_H;
    // A transparent full-height target so the day's <title> shows on hover even with no calls.
    g.appendChild(svg('rect', { x, y: 0, width: BAR_W, height: CHART_H }, 'hit'));
    if (d.ok > 0) g.appendChild(svg('rect', { x, y: CHART_H - hOk, width: BAR_W, height: hOk }, 'bar-ok'));
    if (d.failed > 0) g.appendChild(svg('rect', { x, y: CHART_H - hOk - hFailed, width: BAR_W, height: hFailed }, 'bar-failed'));
    root.appendChild(g);
  });
  return root;
}

function figures(r: IntegrationReport): HTMLElement {
  const dl = el('dl', 'figures');
  const rows: Array<[string, string]> = [
    ['Calls', String(r.calls)],
    ['Failures', String(r.failures)],
    ['Error rate', percent(r.errorRate)],
    ['Average', formatMs(r.avgMs)],
    ['p50', formatMs(r.p50Ms)],
    ['p95', formatMs(r.p95Ms)],
  ];
  for (const [k, v] of rows) {
    const item = el('div', 'figure');
    append(item, el('dt', undefined, k), el('dd', undefined, v));
    dl.appendChild(item);
  }
  return dl;
}

function dayTable(r: IntegrationReport): HTMLElement {
  const details = el('details', 'days');
  append(details, el('summary', undefined, 'Calls per day as a table'));
  const table = el('table');
  append(table, el('caption', 'visually-hidden', `Calls per day of ${label(r)}`));
  const head = el('tr');
  for (const h of ['Day (UTC)', 'Succeeded', 'Failed']) {
    const th = el('th', undefined, h);
    th.scope = 'col';
    head.appendChild(th);
  }
  const thead = el('thead');
  thead.appendChild(head);
  const body = el('tbody');
  for (const d of r.perDay) {
    const row = el('tr');
    const th = el('th', undefined, d.day);
    th.scope = 'row';
    append(row, th, el('td', 'num', String(d.ok)), el('td', 'num', String(d.failed)));
    body.appendChild(row);
  }
  append(table, thead, body);
  details.appendChild(table);
  return details;
}

function lastError(r: IntegrationReport, actions: DashboardActions, links: string[]): HTMLElement {
  const box = el('div', 'last-error');
  append(box, el('h3', undefined, 'Last error'));
  if (!r.lastError) {
    append(box, el('p', 'muted', 'No failed run in this window.'));
    return box;
  }
  const e = r.lastError;
  const p = el('p');
  append(p, el('code', 'code', e.code), ` at ${when(e.ts)}`);
  box.appendChild(p);
  if (e.hint) append(box, el('p', 'hint', e.hint));
  if (e.runId) {
    const runId = e.runId;
    links.push(runId);
    box.appendChild(linkButton('Show run', `Reopen run ${runId} in the response panel`, () => actions.showRun(r.integration, r.file, runId)));
  }
  return box;
}

function errorCodes(r: IntegrationReport): HTMLElement {
  const box = el('div', 'error-codes');
  append(box, el('h3', undefined, 'Error codes'));
  const codes = Object.entries(r.errorCodes).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (codes.length === 0) {
    append(box, el('p', 'muted', 'None.'));
    return box;
  }
  const table = el('table');
  const head = el('tr');
  for (const h of ['Code', 'Runs']) {
    const th = el('th', undefined, h);
    th.scope = 'col';
    head.appendChild(th);
  }
  const thead = el('thead');
  thead.appendChild(head);
  const body = el('tbody');
  for (const [code, n] of codes) {
    const row = el('tr');
    const th = el('th', undefined, code);
    th.scope = 'row';
    append(row, th, el('td', 'num', String(n)));
    body.appendChild(row);
  }
  append(table, thead, body);
  box.appendChild(table);
  return box;
}

function card(r: IntegrationReport, i: number, actions: DashboardActions, links: string[]): HTMLElement {
  const s = el('section', 'card');
  s.id = cardId(i);
  s.setAttribute('aria-labelledby', `${cardId(i)}-title`);
  const h = el('h2', undefined, label(r));
  h.id = `${cardId(i)}-title`;
  const head = el('div', 'card-head');
  head.appendChild(h);
  if (r.file) {
    const file = r.file;
    head.appendChild(linkButton('Open file', file, () => actions.openFile(file)));
  }
  s.appendChild(head);
  if (r.lastRun) append(s, el('p', 'muted', `Last run ${when(r.lastRun.ts)} (${r.lastRun.trigger}, ${r.lastRun.ok ? 'succeeded' : 'failed'})`));
  s.appendChild(figures(r));
  s.appendChild(chart(r, `${cardId(i)}-chart`));
  const legend = el('p', 'legend');
  append(legend, el('span', 'swatch swatch-ok'), 'succeeded ', el('span', 'swatch swatch-failed'), 'failed');
  legend.setAttribute('aria-hidden', 'true');
  s.appendChild(legend);
  s.appendChild(dayTable(r));
  const row = el('div', 'row');
  append(row, lastError(r, actions, links), errorCodes(r));
  s.appendChild(row);
  return s;
}

function attention(report: Report): { node: HTMLElement; count: number } {
  const s = el('section', 'attention');
  s.setAttribute('aria-labelledby', 'attention-title');
  const h = el('h2', undefined, 'Needs attention');
  h.id = 'attention-title';
  s.appendChild(h);
  const items = report.integrations.flatMap((r, i) => r.attention.map((a) => ({ r, i, a })));
  if (items.length === 0) {
    append(s, el('p', 'muted', 'Nothing needs attention.'));
    return { node: s, count: 0 };
  }
  const ul = el('ul');
  for (const { r, i, a } of items) {
    const li = el('li', `attention-${a.kind}`);
    const link = el('a', undefined, label(r));
    link.href = `#${cardId(i)}`;
    append(li, link, `: ${a.message}`);
    ul.appendChild(li);
  }
  s.appendChild(ul);
  return { node: s, count: items.length };
}

/** Renders `state` into `root` and says what it rendered. */
export function renderDashboard(root: HTMLElement, state: DashboardState, actions: DashboardActions): Omit<DashboardRendered, 'text'> {
  const { report } = state;
  root.replaceChildren();
  const header = el('header', 'header');
  append(header, el('h1', undefined, 'Gateway Ion dashboard'), el('p', 'muted', `Runs from ${report.since.slice(0, 10)} to ${report.until.slice(0, 10)} (UTC days), per integration and environment.`));
  root.appendChild(header);
  const links: string[] = [];
  const att = attention(report);
  root.appendChild(att.node);
  if (report.integrations.length === 0) {
    append(root, el('p', 'empty', state.files > 0 ? 'No runs in this window yet: run an integration (Gateway Ion: Run Integration) or start its triggers.' : 'No integrations and no runs yet.'));
  }
  report.integrations.forEach((r, i) => root.appendChild(card(r, i, actions, links)));
  return {
    seq: state.seq,
    cards: report.integrations.map((r) => ({ integration: r.integration, environment: r.environment, calls: r.calls, failures: r.failures, bars: r.perDay.length })),
    attention: att.count,
    runLinks: links,
  };
}
