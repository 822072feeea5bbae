/**
 * Where the cursor is in a block-style YAML file that is being typed (and so often not valid
 * YAML): in a key, in a value after `key: `, inside a flow map or list on one line
 * (`auth: { type: | }`), or inside a `{{ … }}` reference. Read from the lines and their
 * indentation, not from the parser, so a half-typed line still gives a path.
 */

export type PathSeg = string | number;

export interface KeyContext {
  kind: 'key';
  /** The map the key goes into: `['request']`, `['tests', 0]`. */
  path: PathSeg[];
  /** Column of the key (where a new key is inserted). */
  column: number;
  /** The word typed so far and the offsets it covers (replaced by a completion). */
  prefix: string;
  replaceStart: number;
  replaceEnd: number;
  /** Keys already present in that map. */
  siblings: string[];
  /** Inside a flow map (`{ a: 1, | }`): a key is inserted inline, not as a block. */
  flow?: FlowInfo;
}

/** Where a flow collection on the cursor's line stands, for reading the file around it. */
export interface FlowInfo {
  /** The brackets still open at the end of the line (`}`, `]}`), to close it for parsing. */
  closers: string;
}

export interface ValueContext {
  kind: 'value';
  /** The property whose value is being typed: `['auth', 'type']`. */
  path: PathSeg[];
  column: number;
  prefix: string;
  replaceStart: number;
  replaceEnd: number;
  /** Inside a flow map or list (`{ type: | }`, `[429, |]`). */
  flow?: FlowInfo;
}

export interface ReferenceContext {
  kind: 'reference';
  /** Text between `{{` and the cursor, without leading spaces: `vars.ba`. */
  partial: string;
  /** The namespace when a dot has been typed: `vars`. */
  namespace?: string;
  /** The segment being typed (after the last dot) and the offsets to replace. */
  word: string;
  replaceStart: number;
  replaceEnd: number;
  /** Whether `}}` already follows on the line (else a completion may close it). */
  closed: boolean;
}

export type CursorContext = KeyContext | ValueContext | ReferenceContext | { kind: 'none' };

interface LineInfo {
  /** Columns of `- ` sequence markers, left to right. */
  dashes: number[];
  /** The key on the line, if any. */
  key?: { column: number; name: string; rest: string };
  /** First structural column (the first dash or the key), -1 for blank and comment lines. */
  first: number;
}

const KEY_RE = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"{[\]][^#]*?)\s*:(?:\s+(.*)|$)/;

function unquoteKey(k: string): string {
  if (k.startsWith('"') && k.endsWith('"')) return k.slice(1, -1);
  if (k.startsWith("'") && k.endsWith("'")) return k.slice(1, -1).replace(/''/g, "'");
  return k;
}

export function lineInfo(line: string): LineInfo {
  const dashes: number[] = [];
  let i = 0;
  while (i < line.length && line[i] === ' ') i++;
  if (i >= line.length || line[i] === '#') return { dashes, first: -1 };
  while (line[i] === '-' && (i + 1 === line.length || line[i + 1] === ' ')) {
    dashes.push(i);
    i++;
    while (line[i] === ' ') i++;
  }
  const rest = line.slice(i);
  const m = KEY_RE.exec(rest);
  const key = m ? { column: i, name: unquoteKey(m[1].trim()), rest: (m[2] ?? '').trim() } : undefined;
  const first = dashes.length > 0 ? dashes[0] : key ? key.column : i;
  return { dashes, key, first };
}

function splitLines(text: string): { lines: string[]; starts: number[] } {
  const lines: string[] = [];
  const starts: number[] = [];
  let from = 0;
  for (;;) {
    const nl = text.indexOf('\n', from);
    starts.push(from);
    const raw = nl < 0 ? text.slice(from) : text.slice(from, nl);
    lines.push(raw.endsWith('\r') ? raw.slice(0, -1) : raw);
    if (nl < 0) break;
    from = nl + 1;
  }
  return { lines, starts };
}

/**
 * The path of the map whose keys sit at `column`, looking up from `lineIndex` (exclusive).
 * Returns undefined when the position is inside a block scalar (`transform: |`) or a flow value.
 */
export function pathAbove(lines: string[], lineIndex: number, column: number, itemDash = -1): PathSeg[] | undefined {
  const path: PathSeg[] = [];
  // When the line itself starts a sequence item (`  - na|`), we are in the map of a new item.
  let target = itemDash >= 0 ? itemDash : column;
  let seqItemDash = itemDash; // set when we are inside a sequence item whose dash is at this column
  let itemIndex = 0;
  for (let l = lineIndex - 1; l >= 0 && (target > 0 || seqItemDash >= 0); l--) {
    const info = lineInfo(lines[l]);
    if (info.first < 0) continue;
    if (seqItemDash >= 0) {
      // Looking for the sequence's parent key, counting sibling items on the way.
      if (info.dashes.includes(seqItemDash) && info.first === seqItemDash) {
        itemIndex++;
        continue;
      }
      if (info.first > seqItemDash) continue;
      const k = info.key;
      if (k && k.column <= seqItemDash && k.rest === '' && info.dashes.every((d) => d < k.column)) {
        path.unshift(itemIndex);
        path.unshift(k.name);
        seqItemDash = -1;
        itemIndex = 0;
        const dash = info.dashes.length > 0 ? info.dashes[info.dashes.length - 1] : -1;
        if (dash >= 0) {
          seqItemDash = dash;
          target = dash;
        } else target = k.column;
        continue;
      }
      return undefined; // a sequence with no key above it (a top-level list): not our format
    }
    if (info.first >= target) continue;
    const k = info.key;
    if (k && k.column < target) {
      if (k.rest !== '' && !k.rest.startsWith('#')) return undefined; // inside a block scalar or a value that continues
      path.unshift(k.name);
      const dash = info.dashes.length > 0 ? info.dashes[info.dashes.length - 1] : -1;
      if (dash >= 0) {
        seqItemDash = dash;
        itemIndex = 0;
        target = dash;
      } else target = k.column;
      continue;
    }
    // A dash before our column: we are in the map of that sequence item.
    const dash = [...info.dashes].reverse().find((d) => d < target);
    if (dash !== undefined) {
      seqItemDash = dash;
      itemIndex = 0;
      target = dash;
      continue;
    }
    return undefined;
  }
  if (seqItemDash >= 0) return undefined; // a top-level list: not our format
  return path;
}

function siblingKeys(lines: string[], lineIndex: number, column: number, startsItem: boolean): string[] {
  const out: string[] = [];
  const take = (l: number): boolean => {
    const info = lineInfo(lines[l]);
    if (info.first < 0) return true;
    if (info.key && info.key.column === column) {
      out.push(info.key.name);
      return info.dashes.length === 0 || info.dashes[info.dashes.length - 1] >= column;
    }
    return info.first > column;
  };
  for (let l = lineIndex - 1; !startsItem && l >= 0 && take(l); l--);
  for (let l = lineIndex + 1; l < lines.length; l++) {
    const info = lineInfo(lines[l]);
    if (info.first >= 0 && info.first <= column && !(info.key && info.key.column === column && info.dashes.length === 0)) break;
    take(l);
  }
  return out;
}

function referenceAt(line: string, col: number, lineStart: number): ReferenceContext | undefined {
  const before = line.slice(0, col);
  const open = before.lastIndexOf('{{');
  if (open < 0 || before.indexOf('}}', open) >= 0 || (open > 0 && before[open - 1] === '\\')) return undefined;
  const inner = before.slice(open + 2);
  const partial = inner.trimStart();
  if (!/^[A-Za-z0-9_.-]*$/.test(partial)) return undefined;
  const dot = partial.lastIndexOf('.');
  const word = partial.slice(dot + 1);
  const after = /^[A-Za-z0-9_-]*/.exec(line.slice(col))?.[0] ?? '';
  const namespace = dot >= 0 ? partial.slice(0, partial.indexOf('.')) : undefined;
  return {
    kind: 'reference',
    partial,
    ...(namespace !== undefined ? { namespace } : {}),
    word,
    replaceStart: lineStart + col - word.length,
    replaceEnd: lineStart + col + after.length,
    closed: /^[A-Za-z0-9_.-]*\s*}}/.test(line.slice(col)),
  };
}

interface FlowFrame {
  kind: 'map' | 'seq';
  /** The path of this collection. */
  path: PathSeg[];
  /** Keys written in this map (before and after the cursor). */
  keys: string[];
  /** The key whose value is being read (after `key:`), in a map. */
  key?: string;
  /** The item being read, in a list. */
  index: number;
}

const FLOW_WORD = /^[A-Za-z0-9_./:*-]*/;

/**
 * The context at column `col` of `line` inside the flow collection that starts at column `from`
 * (`{` or `[`), whose path is `base`. Reads the whole line, so keys after the cursor count as
 * present; undefined when the cursor is not inside the collection or sits in a quoted string.
 */
function flowContext(line: string, from: number, col: number, lineStart: number, base: PathSeg[]): CursorContext {
  const stack: FlowFrame[] = [];
  let tokenStart = from;
  let here: { frame: FlowFrame; key?: string; index: number; tokenStart: number } | undefined;
  let inQuote = false;
  let i = from;
  for (; i < line.length && (stack.length > 0 || i === from); i++) {
    if (i === col) here = stack.length > 0 ? { frame: stack[stack.length - 1], key: stack[stack.length - 1].key, index: stack[stack.length - 1].index, tokenStart } : undefined;
    const c = line[i];
    const top = stack[stack.length - 1] as FlowFrame | undefined;
    if (c === '"' || c === "'") {
      const end = c === '"' ? /^"(?:[^"\\]|\\.)*"/.exec(line.slice(i)) : /^'(?:[^']|'')*'/.exec(line.slice(i));
      const stop = end ? i + end[0].length : line.length;
      if (col > i && col < stop) inQuote = true;
      i = stop - 1;
      continue;
    }
    if (c === '{' && line[i + 1] === '{') {
      const close = line.indexOf('}}', i + 2);
      i = close < 0 ? line.length : close + 1;
      continue;
    }
    if (c === '{' || c === '[') {
      let path: PathSeg[] | undefined = base;
      if (top) path = top.kind === 'seq' ? [...top.path, top.index] : top.key !== undefined ? [...top.path, top.key] : undefined;
      if (!path) return { kind: 'none' };
      stack.push({ kind: c === '{' ? 'map' : 'seq', path, keys: [], index: 0 });
      tokenStart = i + 1;
      continue;
    }
    if (c === '}' || c === ']') {
      stack.pop();
      tokenStart = i + 1;
      continue;
    }
    if (c === ',' && top) {
      if (top.kind === 'map') top.key = undefined;
      else top.index++;
      tokenStart = i + 1;
      continue;
    }
    if (c === ':' && top?.kind === 'map' && top.key === undefined && (i + 1 === line.length || /[\s,}]/.test(line[i + 1]))) {
      top.key = unquoteKey(line.slice(tokenStart, i).trim());
      top.keys.push(top.key);
      tokenStart = i + 1;
      continue;
    }
    if (c === '#' && line[i - 1] === ' ') break;
  }
  if (i === col && stack.length > 0) here ??= { frame: stack[stack.length - 1], key: stack[stack.length - 1].key, index: stack[stack.length - 1].index, tokenStart };
  if (!here || inQuote) return { kind: 'none' };
  const closers = stack
    .map((f) => (f.kind === 'map' ? '}' : ']'))
    .reverse()
    .join('');
  const flow: FlowInfo = { closers };
  const typed = line.slice(here.tokenStart, col);
  const prefix = typed.trimStart();
  const replaceStart = lineStart + col - prefix.length;
  const after = FLOW_WORD.exec(line.slice(col))?.[0] ?? '';
  if (here.frame.kind === 'map' && here.key === undefined) {
    if (!/^[A-Za-z0-9_-]*$/.test(prefix)) return { kind: 'none' };
    const word = /^[A-Za-z0-9_-]*/.exec(line.slice(col))?.[0] ?? '';
    return {
      kind: 'key',
      path: here.frame.path,
      column: replaceStart - lineStart,
      prefix,
      replaceStart,
      replaceEnd: lineStart + col + word.length,
      siblings: here.frame.keys.filter((k) => k !== prefix + word),
      flow,
    };
  }
  if (!/^[A-Za-z0-9_./:*-]*$/.test(prefix)) return { kind: 'none' };
  const path = here.frame.kind === 'map' ? [...here.frame.path, here.key as string] : [...here.frame.path, here.frame.kind === 'seq' ? here.index : 0];
  return { kind: 'value', path, column: replaceStart - lineStart, prefix, replaceStart, replaceEnd: lineStart + col + after.length, flow };
}

/** The cursor context at `offset` in `text`. */
export function cursorContext(text: string, offset: number): CursorContext {
  const { lines, starts } = splitLines(text);
  let li = 0;
  while (li + 1 < starts.length && starts[li + 1] <= offset) li++;
  const line = lines[li];
  const col = Math.min(offset - starts[li], line.length);
  const ref = referenceAt(line, col, starts[li]);
  if (ref) return ref;

  const before = line.slice(0, col);
  if (/#/.test(before.replace(/"[^"]*"|'[^']*'/g, ''))) return { kind: 'none' };
  let i = 0;
  let itemDash = -1;
  while (before[i] === ' ') i++;
  while (before[i] === '-' && before[i + 1] === ' ') {
    itemDash = i;
    i += 1;
    while (before[i] === ' ') i++;
  }
  const head = before.slice(i);
  const after = /^[A-Za-z0-9_-]*/.exec(line.slice(col))?.[0] ?? '';
  // A list item that is itself a flow map: `- { type: file, | }`.
  if (itemDash >= 0 && (head.startsWith('{') || head.startsWith('['))) {
    const path = pathAbove(lines, li, i, itemDash);
    return path ? flowContext(line, i, col, starts[li], path) : { kind: 'none' };
  }
  if (/^[A-Za-z0-9_-]*$/.test(head)) {
    const path = pathAbove(lines, li, i, itemDash);
    if (!path) return { kind: 'none' };
    return {
      kind: 'key',
      path,
      column: i,
      prefix: head,
      replaceStart: starts[li] + i,
      replaceEnd: starts[li] + col + after.length,
      siblings: siblingKeys(lines, li, i, itemDash >= 0).filter((k) => k !== head + after),
    };
  }
  const m = /^([A-Za-z0-9_-]+|"[^"]*"|'[^']*')\s*:\s+(.*)$/.exec(head);
  if (m) {
    const raw = m[2];
    if (/^[[{]/.test(raw)) {
      // A flow map or list on this line: `auth: { type: | }`, `on: [429, |]`.
      const path = pathAbove(lines, li, i, itemDash);
      return path ? flowContext(line, col - raw.length, col, starts[li], [...path, unquoteKey(m[1])]) : { kind: 'none' };
    }
    if (/^[|>&*!]/.test(raw)) return { kind: 'none' };
    const value = raw.replace(/^["']/, '');
    if (!/^[A-Za-z0-9_./:*-]*$/.test(value)) return { kind: 'none' };
    const path = pathAbove(lines, li, i, itemDash);
    if (!path) return { kind: 'none' };
    const valueStart = starts[li] + col - raw.length;
    const rest = line.slice(col);
    const restWord = /^[A-Za-z0-9_./:*-]*["']?/.exec(rest)?.[0] ?? '';
    return {
      kind: 'value',
      path: [...path, unquoteKey(m[1])],
      column: i,
      prefix: value,
      replaceStart: valueStart,
      replaceEnd: starts[li] + col + restWord.length,
    };
  }
  return { kind: 'none' };
}
