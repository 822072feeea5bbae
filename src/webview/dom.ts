/** Tiny DOM helpers. Text goes in through `textContent` only: nothing from a run is ever parsed as HTML. */
import { formatBytes, formatDuration } from '../core/units';

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export function append(parent: Node, ...children: Array<Node | string | undefined | false>): void {
  for (const c of children) {
    if (c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  }
}

/** A section with an id, a heading and content. */
export function section(id: string, title: string, ...children: Array<Node | string | undefined | false>): HTMLElement {
  const s = el('section', `section section-${id}`);
  s.dataset.section = id;
  s.setAttribute('aria-label', title);
  append(s, el('h2', undefined, title), ...children);
  return s;
}

/** A two-column table of name → value (headers). */
export function keyValueTable(entries: Array<[string, string]>, className = 'kv'): HTMLTableElement {
  const table = el('table', className);
  const body = el('tbody');
  for (const [k, v] of entries) {
    const row = el('tr');
    append(row, el('th', undefined, k), el('td', undefined, v));
    body.appendChild(row);
  }
  table.appendChild(body);
  return table;
}

/** A duration as the CLI prints it (`formatDuration`); '–' when it is not a number. */
export function formatMs(ms: number): string {
  return Number.isFinite(ms) ? formatDuration(ms) : '–';
}

export { formatBytes };
