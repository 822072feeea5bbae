/**
 * Incremental re-validation for the editor. `yaml` has no incremental parser, and its parse is
 * almost all of a full validation, so this caches the parse per *unit* of the file and re-parses
 * only the units whose text changed:
 *
 * - a unit is a top-level block (a key at column 0 and the lines under it), or, for a block that
 *   is `KEY:` over a block sequence (`tests:`), its header and each `- ` item;
 * - each unit is parsed alone (its ranges relative to its own start), cached by its text, and its
 *   nodes placed where the unit now starts; the units' nodes are stitched into one document
 *   whose ranges are offsets into the whole text;
 * - nodes a result holds are never changed: a unit that moved is copied with shifted ranges
 *   (the cache keeps the copy), one that did not is shared. So a result handed out earlier (its
 *   `doc`, `rangeOf`, `keyRangeOf`) stays as it was after any later update;
 * - the checks (`analyzeDocument`, the same code `parseIntegration` runs after its parse) then run
 *   on the stitched document, so diagnostics and value are those of a full parse.
 *
 * Whenever the stitched document might differ from a full parse, this falls back to
 * `parseIntegration`: anything at column 0 that is not a plain key, a comment, a blank or a
 * compact `- ` item (directives, `---`, `...`, anchors, tags, quoted or flow keys, tabs), any YAML
 * error or warning in a unit (which is also how an alias to an anchor in another unit, or a
 * construct split across units, shows up), a unit that is not one key (or one item), duplicate
 * top-level keys, and files the size or depth guard refuses. The cache is keyed by text, so no
 * change events are needed: any edit, several at once, undo or a wholesale replace all work.
 */
import { Alias, Document, isAlias, isMap, isNode, isScalar, isSeq, LineCounter, Pair, parseDocument, Scalar, YAMLMap, YAMLSeq, type Node } from 'yaml';
import type { Range as YamlRange } from 'yaml';
import { analyzeDocument, linesOf, parseIntegration, type ParsedIntegration, type ParseOptions } from '../parse';
import { checkDepth, checkSize } from './limits';

export interface IncrementalStats {
  /** How the last `update` was answered. */
  mode: 'incremental' | 'full';
  /** Why the last update fell back to a full parse (`mode: 'full'`). */
  fallback?: string;
  /** Units parsed and reused by the last incremental update. */
  parsed: number;
  reused: number;
}

export interface IncrementalValidator {
  /** Validates `text`; equal to `parseIntegration(text, options)` (diagnostics, value, ranges). */
  update(text: string): ParsedIntegration;
  /** What the last `update` did (for benchmarks and tests). */
  readonly stats: IncrementalStats;
  /** Forgets the cache (the next update parses every unit). */
  reset(): void;
}

type Kind = 'block' | 'head' | 'item';

interface Span {
  kind: Kind;
  start: number;
  end: number;
  /** For `head`: how many items follow it. */
  items?: number;
}

interface Unit {
  kind: Kind;
  text: string;
  /** Where the unit's nodes currently sit (their ranges are offsets into the text from here). */
  at: number;
  /** `block`/`head`: the one pair; `item`: the one item. */
  pair?: Pair<Node, Node | null>;
  item?: Node | null;
  /** The unit document's container range (map for `block`/`head`, sequence for `item`). */
  range: YamlRange;
}

const PARSE_OPTIONS = { prettyErrors: false, uniqueKeys: false } as const; // duplicates: checkDuplicateKeys (linear)

class Fallback extends Error {}

function isKeyStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

function isBreakOrEnd(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || Number.isNaN(c);
}

function lineEnd(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl < 0 ? text.length : nl + 1;
}

/** Top-level blocks; throws `Fallback` on anything at column 0 we do not split safely. */
function topLevelBlocks(text: string): Array<[number, number]> {
  const starts: number[] = [0];
  let keys = 0;
  for (let p = 0; p < text.length; p = lineEnd(text, p)) {
    const c = text.charCodeAt(p);
    if (isKeyStart(c)) {
      if (keys++ > 0) starts.push(p);
    } else if (c === 32 || c === 10 || c === 13 || c === 35 /* # */) {
      // continuation, blank or comment; before the first key only blanks and comments
      if (keys === 0 && c === 32 && !/^ *(?:#|\r?\n|$)/.test(text.slice(p, lineEnd(text, p)))) throw new Fallback('indented content before the first key');
    } else if (keys > 0 && c === 45 /* - */ && isBreakOrEnd(text.charCodeAt(p + 1))) {
      // a compact `- ` item of the block above
    } else {
      throw new Fallback(`column 0 at offset ${p} starts with ${JSON.stringify(text[p])}`);
    }
  }
  return starts.map((s, i) => [s, i + 1 < starts.length ? starts[i + 1] : text.length]);
}

const SEQ_HEADER = /[A-Za-z_][A-Za-z0-9_-]*:[ ]*(?:#[^\n]*)?\r?\n/y;

/** A block `KEY:` over a block sequence, split into its header and items; or the block whole. */
function splitBlock(text: string, start: number, end: number, out: Span[]): void {
  SEQ_HEADER.lastIndex = start;
  if (!SEQ_HEADER.test(text)) {
    out.push({ kind: 'block', start, end });
    return;
  }
  const itemStarts: number[] = [];
  let indent = -1;
  for (let p = SEQ_HEADER.lastIndex; p < end; p = lineEnd(text, p)) {
    let i = p;
    while (i < end && text.charCodeAt(i) === 32) i++;
    const c = text.charCodeAt(i);
    if (i >= end || c === 10 || c === 13 || c === 35) continue; // blank or comment
    const n = i - p;
    if (indent >= 0 && n > indent) continue;
    if ((indent < 0 || n === indent) && c === 45 && isBreakOrEnd(i + 1 < end ? text.charCodeAt(i + 1) : NaN)) {
      indent = n;
      itemStarts.push(p);
      continue;
    }
    out.push({ kind: 'block', start, end }); // not a plain block sequence: one unit
    return;
  }
  if (itemStarts.length === 0) {
    out.push({ kind: 'block', start, end });
    return;
  }
  out.push({ kind: 'head', start, end: itemStarts[0], items: itemStarts.length });
  for (let i = 0; i < itemStarts.length; i++) out.push({ kind: 'item', start: itemStarts[i], end: i + 1 < itemStarts.length ? itemStarts[i + 1] : end });
}

function shiftNode(node: unknown, delta: number): void {
  if (node === null || typeof node !== 'object') return;
  const n = node as { range?: number[] };
  if (n.range) {
    n.range[0] += delta;
    n.range[1] += delta;
    n.range[2] += delta;
  }
  if (isMap(node)) {
    for (const pair of node.items) {
      shiftNode(pair.key, delta);
      shiftNode(pair.value, delta);
    }
  } else if (isSeq(node)) {
    for (const item of node.items) shiftNode(item, delta);
  }
}

/** Moves a freshly parsed unit's nodes to `to`, in place: only for nodes no result holds yet. */
function shiftFresh(u: Unit, to: number): void {
  const delta = to - u.at;
  if (delta === 0) return;
  if (u.pair) {
    shiftNode(u.pair.key, delta);
    shiftNode(u.pair.value, delta);
  } else shiftNode(u.item, delta);
  u.range = [u.range[0] + delta, u.range[1] + delta, u.range[2] + delta];
  u.at = to;
}

/**
 * A cached unit placed at `to`: the unit itself when it has not moved, else a copy whose nodes
 * are shifted. Cached nodes are never changed once a result holds them, so a result handed out
 * earlier keeps its ranges after later updates.
 */
function movedUnit(u: Unit, to: number): Unit {
  const delta = to - u.at;
  if (delta === 0) return u;
  const copy: Unit = { kind: u.kind, text: u.text, at: to, range: [u.range[0] + delta, u.range[1] + delta, u.range[2] + delta] };
  if (u.pair) copy.pair = new Pair(movedCopy(u.pair.key, delta), movedCopy(u.pair.value, delta));
  else copy.item = movedCopy(u.item, delta);
  return copy;
}

/**
 * A deep copy of `node` with every range moved by `delta`, built with `yaml`'s own constructors
 * (objects of the same shape as a parse makes, so the checks run on them as fast; `clone()`
 * builds slow dictionary-mode copies). A node of another class throws `Fallback`.
 */
function movedCopy<T>(node: T, delta: number): T {
  if (!isNode(node)) return node;
  const proto = Object.getPrototypeOf(node) as unknown;
  let copy: Node;
  if (proto === Scalar.prototype) copy = Object.assign(new Scalar((node as Scalar).value), node);
  else if (proto === Alias.prototype) copy = Object.assign(new Alias((node as Alias).source), node);
  else if (proto === YAMLMap.prototype) {
    const map = Object.assign(new YAMLMap((node as YAMLMap).schema), node);
    map.items = (node as YAMLMap<unknown, unknown>).items.map((p) => new Pair(movedCopy(p.key, delta), movedCopy(p.value, delta)));
    copy = map;
  } else if (proto === YAMLSeq.prototype) {
    const seq = Object.assign(new YAMLSeq((node as YAMLSeq).schema), node);
    seq.items = (node as YAMLSeq<unknown>).items.map((x) => movedCopy(x, delta));
    copy = seq;
  } else throw new Fallback('a node of a class the copy does not know');
  const r = node.range;
  if (r) copy.range = [r[0] + delta, r[1] + delta, r[2] + delta];
  return copy as T;
}

/** Throws `Fallback` when an alias in the unit refers to an anchor not set before it in the same unit. */
function checkAliasesLocal(node: unknown, anchors: Set<string>, at: number): void {
  if (node === null || typeof node !== 'object') return;
  if (isAlias(node)) {
    if (!anchors.has(node.source)) throw new Fallback(`the alias *${node.source} near offset ${at} refers to another block`);
    return;
  }
  const anchor = (node as { anchor?: string }).anchor;
  if (anchor) anchors.add(anchor);
  if (isMap(node)) {
    for (const pair of node.items) {
      checkAliasesLocal(pair.key, anchors, at);
      checkAliasesLocal(pair.value, anchors, at);
    }
  } else if (isSeq(node)) {
    for (const item of node.items) checkAliasesLocal(item, anchors, at);
  }
}

function parseUnit(kind: Kind, text: string, at: number): Unit {
  const doc = parseDocument(text, PARSE_OPTIONS);
  if (doc.errors.length > 0 || doc.warnings.length > 0) throw new Fallback(`YAML ${doc.errors.length > 0 ? 'error' : 'warning'} in the ${kind} at offset ${at}`);
  const c = doc.contents;
  if (text.includes('*')) checkAliasesLocal(c, new Set(), at);
  const unit: Unit = { kind, text, at: 0, range: [0, 0, 0] };
  if (kind === 'item') {
    if (!isSeq(c) || c.items.length !== 1) throw new Fallback(`the item at offset ${at} is not one list item`);
    unit.item = c.items[0] as Node | null;
  } else {
    if (!isMap(c) || c.items.length !== 1 || !isScalar(c.items[0].key)) throw new Fallback(`the block at offset ${at} is not one key`);
    unit.pair = c.items[0] as Pair<Node, Node | null>;
    if (kind === 'head' && unit.pair.value !== null && !(isScalar(unit.pair.value) && unit.pair.value.value === null)) {
      throw new Fallback(`the header at offset ${at} has a value`);
    }
  }
  if (!c.range) throw new Fallback(`no range for the ${kind} at offset ${at}`);
  unit.range = [c.range[0], c.range[1], c.range[2]];
  shiftFresh(unit, at);
  return unit;
}

export function createIncrementalValidator(options: ParseOptions = {}): IncrementalValidator {
  let cache = new Map<string, Unit[]>();
  const stats: IncrementalStats = { mode: 'full', parsed: 0, reused: 0 };

  const full = (text: string, why: string): ParsedIntegration => {
    cache = new Map();
    stats.mode = 'full';
    stats.fallback = why;
    stats.parsed = 0;
    stats.reused = 0;
    return parseIntegration(text, options);
  };

  const update = (text: string): ParsedIntegration => {
    if (checkSize(text, options.maxBytes) ?? checkDepth(text)) return full(text, 'size or depth guard');
    let spans: Span[];
    try {
      spans = [];
      for (const [s, e] of topLevelBlocks(text)) splitBlock(text, s, e, spans);
    } catch (e) {
      if (e instanceof Fallback) return full(text, e.message);
      throw e;
    }
    const next = new Map<string, Unit[]>();
    let parsed = 0;
    let reused = 0;
    const units: Unit[] = [];
    try {
      for (const span of spans) {
        const slice = text.slice(span.start, span.end);
        const key = span.kind + slice;
        const cached = cache.get(key)?.pop();
        let unit: Unit;
        if (cached) {
          unit = movedUnit(cached, span.start);
          reused++;
        } else {
          unit = parseUnit(span.kind, slice, span.start);
          parsed++;
        }
        units.push(unit);
        const list = next.get(key);
        if (list) list.push(unit);
        else next.set(key, [unit]);
      }
    } catch (e) {
      if (e instanceof Fallback) return full(text, e.message);
      throw e;
    }
    cache = next;

    const doc = new Document(null, PARSE_OPTIONS) as unknown as Document.Parsed;
    const root = new YAMLMap(doc.schema);
    const seen = new Set<string>();
    for (let i = 0; i < units.length; i++) {
      const u = units[i];
      const key = u.pair?.key as { value?: unknown } | undefined;
      const id = `${typeof key?.value}:${String(key?.value)}`;
      if (seen.has(id)) return full(text, `duplicate top-level key ${String(key?.value)}`);
      seen.add(id);
      if (u.kind === 'block') {
        root.items.push(u.pair as Pair);
        continue;
      }
      const n = spans[i].items ?? 0;
      const seq = new YAMLSeq(doc.schema);
      for (let j = 1; j <= n; j++) seq.items.push(units[i + j].item);
      const first = units[i + 1].range;
      const last = units[i + n].range;
      seq.range = [first[0], last[1], last[2]];
      root.items.push(new Pair(u.pair?.key, seq));
      i += n;
    }
    const firstRange = units[0].range;
    const last = units[units.length - 1];
    // A block map ends where its last value's node ends (trailing comments included), as `yaml` sets it.
    root.range = last.kind === 'item' ? [firstRange[0], last.range[2], last.range[2]] : [firstRange[0], last.range[1], last.range[2]];
    doc.contents = root as unknown as Document.Parsed['contents'];
    doc.range = [root.range[0], root.range[1], text.length];
    stats.mode = 'incremental';
    stats.fallback = undefined;
    stats.parsed = parsed;
    stats.reused = reused;
    return analyzeDocument(text, doc, linesOf(text) as LineCounter);
  };

  return {
    update,
    get stats() {
      return { ...stats };
    },
    reset() {
      cache = new Map();
    },
  };
}
