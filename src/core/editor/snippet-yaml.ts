/**
 * The schema's `defaultSnippets` bodies (JSON with `${1:default}` placeholders) as block YAML
 * snippet text, and snippet text expanded to plain text (each placeholder replaced by its default).
 */
import { stringify } from 'yaml';

/** Snippet text with every tabstop, placeholder and choice replaced by its default. */
export function expandSnippet(snippet: string): string {
  let out = '';
  let i = 0;
  const readPlaceholder = (): string => {
    // At `${`: `${1}`, `${1:default}`, `${1|a,b|}`; defaults may nest placeholders.
    let j = i + 2;
    while (j < snippet.length && /[0-9]/.test(snippet[j])) j++;
    if (snippet[j] === '}') {
      i = j + 1;
      return '';
    }
    if (snippet[j] === '|') {
      const end = snippet.indexOf('|}', j + 1);
      const first = snippet.slice(j + 1, end).split(',')[0];
      i = end + 2;
      return first;
    }
    // `:default}`
    i = j + 1;
    let text = '';
    while (i < snippet.length && snippet[i] !== '}') {
      if (snippet[i] === '\\' && i + 1 < snippet.length) {
        text += snippet[i + 1];
        i += 2;
      } else if (snippet.startsWith('${', i)) text += readPlaceholder();
      else if (snippet[i] === '$' && /[0-9]/.test(snippet[i + 1] ?? '')) {
        i++;
        while (/[0-9]/.test(snippet[i] ?? '')) i++;
      } else text += snippet[i++];
    }
    i++;
    return text;
  };
  while (i < snippet.length) {
    const c = snippet[i];
    if (c === '\\' && i + 1 < snippet.length && '$}\\'.includes(snippet[i + 1])) {
      out += snippet[i + 1];
      i += 2;
    } else if (snippet.startsWith('${', i)) out += readPlaceholder();
    else if (c === '$' && /[0-9]/.test(snippet[i + 1] ?? '')) {
      i++;
      while (/[0-9]/.test(snippet[i] ?? '')) i++;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** A scalar as YAML snippet text: plain when its expansion reads back as the same string, else double-quoted. */
function scalar(v: unknown): string {
  if (typeof v !== 'string') return JSON.stringify(v);
  const expanded = expandSnippet(v);
  const plain = stringify(expanded, { lineWidth: 0 }).trimEnd();
  if (plain === expanded && expanded !== '') return v;
  // JSON escapes `"` and `\`; snippet syntax inside stays as written.
  return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isScalarList(v: unknown[]): boolean {
  return v.every((x) => !isObj(x) && !Array.isArray(x));
}

/** Lines of YAML for `value` as the content of a map or list at `indent` spaces. */
function block(value: unknown, indent: number): string[] {
  const pad = ' '.repeat(indent);
  if (isObj(value)) {
    const lines: string[] = [];
    for (const [k, v] of Object.entries(value)) {
      if (isObj(v) && Object.keys(v).length > 0) lines.push(`${pad}${k}:`, ...block(v, indent + 2));
      else if (Array.isArray(v) && v.length > 0 && !isScalarList(v)) lines.push(`${pad}${k}:`, ...block(v, indent + 2));
      else lines.push(`${pad}${k}: ${inline(v)}`);
    }
    return lines;
  }
  if (Array.isArray(value)) {
    const lines: string[] = [];
    for (const item of value) {
      if (isObj(item) && Object.keys(item).length > 0) {
        const inner = block(item, indent + 2);
        inner[0] = `${pad}- ${inner[0].trimStart()}`;
        lines.push(...inner);
      } else lines.push(`${pad}- ${inline(item)}`);
    }
    return lines;
  }
  return [`${pad}${inline(value)}`];
}

function inline(v: unknown): string {
  if (isObj(v)) return Object.keys(v).length === 0 ? '{}' : `{ ${Object.entries(v).map(([k, x]) => `${k}: ${inline(x)}`).join(', ')} }`;
  if (Array.isArray(v)) return `[${v.map(inline).join(', ')}]`;
  return scalar(v);
}

/**
 * A snippet body as block YAML whose first line starts at the cursor and whose other lines are
 * indented by `indent` spaces (the cursor's column).
 */
export function bodyToYaml(body: unknown, indent: number): string {
  const lines = block(body, 0);
  return lines.map((l, i) => (i === 0 ? l : ' '.repeat(indent) + l)).join('\n');
}
