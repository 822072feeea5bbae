/**
 * JSON as a foldable tree: objects and arrays are `<details>` (open near the top), leaves are
 * text. Built with DOM calls only. A node budget keeps a huge body from freezing the panel.
 */
import { parseJsonContainer } from '../core/json';
import { append, el } from './dom';

export interface TreeBudget {
  nodes: number;
}


function leaf(value: unknown): HTMLElement {
  const type = value === null ? 'null' : typeof value;
  return el('span', `json-${type}`, JSON.stringify(value) ?? String(value));
}

/** `openDepth`: levels shown unfolded (0: only the root's summary). */
export function jsonTree(value: unknown, openDepth = 2, budget: TreeBudget = { nodes: 5000 }, depth = 0): HTMLElement {
  budget.nodes--;
  if (value === null || typeof value !== 'object') return leaf(value);
  const isArray = Array.isArray(value);
  const entries: Array<[string, unknown]> = isArray ? (value as unknown[]).map((v, i) => [String(i), v]) : Object.entries(value as Record<string, unknown>);
  const details = el('details', 'json-node');
  details.open = depth < openDepth;
  const count = entries.length;
  append(details, el('summary', 'json-summary', isArray ? `[ ${count} item${count === 1 ? '' : 's'} ]` : `{ ${count} key${count === 1 ? '' : 's'} }`));
  const list = el('div', 'json-children');
  for (let i = 0; i < entries.length; i++) {
    if (budget.nodes <= 0) {
      list.appendChild(el('div', 'json-more', `… ${entries.length - i} more not shown`));
      break;
    }
    const [k, v] = entries[i];
    const row = el('div', 'json-row');
    append(row, el('span', isArray ? 'json-index' : 'json-key', isArray ? `${k}:` : `${JSON.stringify(k)}:`), ' ', jsonTree(v, openDepth, budget, depth + 1));
    list.appendChild(row);
  }
  details.appendChild(list);
  return details;
}

/** The body parsed as JSON when it is a JSON object or array; undefined otherwise. */
export function parseJsonBody(body: string, contentType: string | undefined): unknown {
  const t = body.trim();
  const looksJson = t.startsWith('{') || t.startsWith('[');
  if (!looksJson && !(contentType ?? '').includes('json')) return undefined;
  return parseJsonContainer(t);
}
