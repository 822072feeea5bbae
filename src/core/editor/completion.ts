/**
 * Completion as plain data: keys valid at the cursor (with their documentation, minus those
 * already present), enum values, block snippets from the schema's `defaultSnippets`, and inside
 * `{{ }}` the reference namespaces and their names. The extension maps these to VS Code items.
 */
import { parseDocument } from 'yaml';
import { allowedKeys, schemaAt, type SchemaNode } from '../validate/schema-nav';
import { BUILTINS } from '../template';
import { cursorContext, type KeyContext, type PathSeg, type ReferenceContext, type ValueContext } from './cursor';
import { bodyToYaml } from './snippet-yaml';
import { documentation, environmentsOf, inputKeysOf } from './schema-docs';
import { checkDepth, checkSize } from '../validate/limits';

export type CompletionKind = 'property' | 'value' | 'snippet' | 'namespace' | 'reference' | 'builtin';

export interface CompletionEntry {
  label: string;
  kind: CompletionKind;
  /** Text to insert over `[replaceStart, replaceEnd)`; snippet syntax when `snippet` is true. */
  insertText: string;
  snippet: boolean;
  replaceStart: number;
  replaceEnd: number;
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** Keeps our order in the list. */
  sortText: string;
  /** Ask for completion again after inserting (`vars.` → its names). */
  retrigger?: boolean;
}

export interface CompletionEnv {
  /** Names known to SecretStorage (never values); `NAME@env` entries count for `NAME`. */
  secretNames: readonly string[];
}

function parseValue(text: string, strict: boolean): unknown {
  // The same guards as the validator: a hostile file gets no value here, fast, instead of a slow parse.
  if (checkSize(text) ?? checkDepth(text)) return undefined;
  try {
    const doc = parseDocument(text, { uniqueKeys: false });
    if (strict && doc.errors.length > 0) return undefined;
    return doc.toJS({ maxAliasCount: 100 });
  } catch {
    return undefined;
  }
}

/**
 * The file's value for choosing schema branches: parsed with the cursor line blanked, so
 * half-typed text does not spoil it. Inside a flow collection (`auth: { type: bearer, | }`) the
 * line is what says which branch applies: it is kept, without the word being typed, and closed
 * where it is still open.
 */
export function valueAround(text: string, offset: number, flow?: { cut: [number, number]; closers: string }): unknown {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const nl = text.indexOf('\n', offset);
  const lineEnd = nl < 0 ? text.length : nl;
  if (flow) {
    // Without the word, an entry may be left empty (`{ , type: basic }`): drop its comma.
    const line = (text.slice(lineStart, flow.cut[0]) + text.slice(flow.cut[1], lineEnd) + flow.closers).replace(/([{[,]\s*),/g, '$1');
    const value = parseValue(text.slice(0, lineStart) + line + text.slice(lineEnd), true);
    if (value !== undefined) return value;
  }
  return parseValue(text.slice(0, lineStart) + text.slice(lineEnd), false);
}

function kindOf(s: SchemaNode | undefined): 'object' | 'array' | 'scalar' {
  if (!s) return 'scalar';
  if (s.type === 'object' || (s.properties && !s.type) || s.additionalProperties !== undefined) return 'object';
  if (s.type === 'array') return 'array';
  return 'scalar';
}

function enumOf(s: SchemaNode | undefined): string[] {
  if (!s) return [];
  if (Array.isArray(s.enum)) return s.enum.map(String);
  if (s.type === 'boolean') return ['true', 'false'];
  return [];
}

const pad = (n: number) => ' '.repeat(n);
const order = (group: number, i: number) => `${group}${String(i).padStart(4, '0')}`;

function snippetsOf(s: SchemaNode | undefined): Array<{ label: string; description?: string; body: unknown }> {
  return Array.isArray(s?.defaultSnippets) ? (s.defaultSnippets as Array<{ label: string; description?: string; body: unknown }>) : [];
}

function keyCompletions(ctx: KeyContext, root: unknown): CompletionEntry[] {
  const out: CompletionEntry[] = [];
  const here = schemaAt(ctx.path, root);
  const present = new Set(ctx.siblings);
  const keys = allowedKeys(ctx.path, root).filter((k) => !present.has(k));
  const range = { replaceStart: ctx.replaceStart, replaceEnd: ctx.replaceEnd };
  keys.forEach((key, i) => {
    const s = schemaAt([...ctx.path, key], root);
    const kind = kindOf(s);
    const values = enumOf(s);
    let insertText: string;
    if (ctx.flow) {
      // Inline, inside `{ … }`: nested maps and lists stay in flow style.
      if (kind === 'object') insertText = `${key}: { $0 }`;
      else if (kind === 'array') insertText = `${key}: [$0]`;
      else if (values.length > 0) insertText = `${key}: \${1|${values.join(',')}|}`;
      else insertText = `${key}: $0`;
      out.push({ label: key, kind: 'property', insertText, snippet: true, ...range, documentation: documentation(s), sortText: order(1, i) });
      return;
    }
    if (kind === 'object') insertText = `${key}:\n${pad(ctx.column + 2)}$0`;
    else if (kind === 'array') insertText = kindOf(schemaAt([...ctx.path, key, 0], root)) === 'object' ? `${key}:\n${pad(ctx.column + 2)}- $0` : `${key}: [$0]`;
    else if (values.length > 0) insertText = `${key}: \${1|${values.join(',')}|}`;
    else insertText = `${key}: $0`;
    out.push({ label: key, kind: 'property', insertText, snippet: true, ...range, documentation: documentation(s), sortText: order(1, i) });
    snippetsOf(s).forEach((sn, j) => {
      const body = bodyToYaml(sn.body, ctx.column + 2);
      const isItem = kind === 'array';
      out.push({
        label: `${key}: ${sn.label}`,
        kind: 'snippet',
        insertText: `${key}:\n${pad(ctx.column + 2)}${isItem ? `- ${body.replace(/\n/g, '\n  ')}` : body}`,
        snippet: true,
        ...range,
        detail: sn.description ?? `${key} block`,
        documentation: documentation(s),
        sortText: order(2, i * 20 + j),
      });
    });
  });
  // Snippets for the map itself when it is still empty (`auth:` then a new line): the whole block.
  if (present.size === 0 && !ctx.flow) {
    const item = typeof ctx.path[ctx.path.length - 1] === 'number' ? schemaAt(ctx.path, root) : undefined;
    snippetsOf(item ?? here).forEach((sn, j) => {
      out.push({
        label: ctx.path.length === 0 ? sn.label : `${sn.label} (${String(ctx.path.filter((p) => typeof p === 'string').slice(-1)[0] ?? '')})`,
        kind: 'snippet',
        insertText: bodyToYaml(sn.body, ctx.column),
        snippet: true,
        ...range,
        detail: sn.description ?? 'block',
        sortText: order(0, j),
      });
    });
  }
  return out;
}

function valueCompletions(ctx: ValueContext, root: unknown): CompletionEntry[] {
  const s = schemaAt(ctx.path, root);
  const values = enumOf(s);
  const docs = Array.isArray(s?.markdownEnumDescriptions) ? (s.markdownEnumDescriptions as string[]) : [];
  return values.map((v, i) => ({
    label: v,
    kind: 'value' as const,
    insertText: v,
    snippet: false,
    replaceStart: ctx.replaceStart,
    replaceEnd: ctx.replaceEnd,
    ...(docs[i] ? { documentation: docs[i] } : {}),
    sortText: order(1, i),
  }));
}

function show(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

function hasBatch(root: unknown): boolean {
  const batch = root !== null && typeof root === 'object' ? (root as Record<string, unknown>).batch : undefined;
  return batch !== null && typeof batch === 'object' && !Array.isArray(batch);
}

function referenceCompletions(ctx: ReferenceContext, root: unknown, env: CompletionEnv): CompletionEntry[] {
  const range = { replaceStart: ctx.replaceStart, replaceEnd: ctx.replaceEnd };
  const close = ctx.closed ? '' : ' }}';
  const out: CompletionEntry[] = [];
  const name = (label: string, detail: string | undefined, i: number, documentationText?: string): CompletionEntry => ({
    label,
    kind: 'reference',
    insertText: label + close,
    snippet: false,
    ...range,
    ...(detail ? { detail } : {}),
    ...(documentationText ? { documentation: documentationText } : {}),
    sortText: order(1, i),
  });
  if (ctx.namespace === undefined) {
    const spaces: Array<[string, string]> = [
      ['input', "The run's input (`trigger.input`, `--input` or a test's `input`)."],
      ['vars', 'A variable of the chosen environment (`environments:`).'],
      ['secret', 'A secret from SecretStorage (`ION_SECRET_NAME` in the CLI). Never written in the file.'],
      ['env', 'A process environment variable whose name starts with `ION_`.'],
    ];
    // `batch.` only with a `batch:` block (docs/reference.md#batch).
    if (hasBatch(root)) spaces.push(['batch', 'The chunk being sent (`batch:`): `batch.items`, `batch.index`.']);
    spaces.forEach(([ns, doc], i) => out.push({ label: `${ns}.`, kind: 'namespace', insertText: `${ns}.`, snippet: false, ...range, documentation: doc, sortText: order(1, i), retrigger: true }));
    const builtinDocs: Record<string, string> = { uuid: 'A new UUID per run.', now: 'The time of the run, ISO 8601 UTC.', nowUnix: 'The time of the run, seconds since 1970.' };
    BUILTINS.forEach((b, i) => out.push({ label: b, kind: 'builtin', insertText: b + close, snippet: false, ...range, documentation: builtinDocs[b], sortText: order(2, i) }));
    return out;
  }
  const depth = ctx.partial.split('.').length - 1;
  if (depth !== 1) return out;
  switch (ctx.namespace) {
    case 'input': {
      [...inputKeysOf(root)].forEach(([k, v], i) => out.push(name(k, v === undefined ? undefined : `e.g. ${show(v)}`, i)));
      break;
    }
    case 'vars': {
      const envs = environmentsOf(root);
      const keys = new Set<string>();
      for (const [, vars] of envs) for (const k of Object.keys(vars)) keys.add(k);
      [...keys].forEach((k, i) => {
        const per = envs.map(([e, vars]) => `${e}: ${Object.prototype.hasOwnProperty.call(vars, k) ? show(vars[k]) : '(not defined)'}`);
        out.push(name(k, per.join(' · '), i, per.map((p) => `- ${p}`).join('\n')));
      });
      break;
    }
    case 'secret': {
      const bases = [...new Set(env.secretNames.map((n) => n.split('@')[0]))].sort();
      bases.forEach((b, i) => out.push(name(b, 'set in SecretStorage', i)));
      break;
    }
    case 'batch': {
      out.push(name('items', 'the chunk of `batch.over` this request sends', 0), name('index', "the chunk's 0-based index", 1));
      break;
    }
    case 'env': {
      out.push({ label: 'ION_', kind: 'reference', insertText: 'ION_', snippet: false, ...range, detail: 'only ION_* variables can be read', sortText: order(1, 0) });
      break;
    }
  }
  return out;
}

/** Completions at `offset` in `text`. */
export function complete(text: string, offset: number, env: CompletionEnv = { secretNames: [] }): CompletionEntry[] {
  const ctx = cursorContext(text, offset);
  if (ctx.kind === 'none') return [];
  const flow = ctx.kind !== 'reference' && ctx.flow ? { cut: [ctx.replaceStart, ctx.replaceEnd] as [number, number], closers: ctx.flow.closers } : undefined;
  const root = valueAround(text, offset, flow);
  if (ctx.kind === 'reference') return referenceCompletions(ctx, root, env);
  if (ctx.kind === 'key') return keyCompletions(ctx, root);
  return valueCompletions(ctx, root);
}

export type { PathSeg };
