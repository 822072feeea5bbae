/**
 * Reference resolution (docs/reference.md#references): `{{ input.* }}`, `{{ vars.* }}`, `{{ secret.NAME }}`,
 * `{{ env.ION_* }}`, and the built-ins `uuid`, `now`, `nowUnix`. A value that is exactly one reference
 * keeps the referenced type; with text around it, it is a string. In URL mode, references after the
 * origin (in the path or the query) are URL-encoded. `\{{` writes a literal `{{` (the tokenizer does it).
 */
import type { ErrorCode } from '../errors';
import type { JsonValue, PropertyPath } from '../model';
import type { EnvSource } from '../ports';
import { BUILTINS, hasTemplate, parseTemplate, secretEnvName, type ParsedTemplate, type RefPart } from '../template';

export interface Builtins {
  uuid: string;
  now: string;
  nowUnix: number;
}

export interface ResolveContext {
  input: Record<string, JsonValue>;
  vars: Record<string, JsonValue>;
  /** Secret values fetched before resolution (name → value). */
  secrets: ReadonlyMap<string, string>;
  env: EnvSource;
  builtins: Builtins;
  /**
   * When set, `secret.*` and `env.*` resolve to these strings instead of values (used to render
   * `ion curl` with `$ION_SECRET_*` placeholders); nothing is encoded around them.
   */
  placeholder?: (root: 'secret' | 'env', name: string) => string;
  /** With `batch:`: the chunk being sent (`{{ batch.items }}`, `{{ batch.index }}`). */
  batch?: { items: JsonValue[]; index: number };
}

/** A resolution failure at a place in the file: `path` is the YAML path, `index` the offset in the string. */
export class ResolveError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly path: PropertyPath,
    readonly index: number,
  ) {
    super(message);
    this.name = 'ResolveError';
  }
}

export type ResolveMode = 'plain' | 'url';

export interface Resolved<T> {
  value: T;
  /** Names of the secrets the value carries. */
  secrets: Set<string>;
}

const ENV_ALLOWED = /^ION_/;
const ENV_SECRET = /^ION_SECRET_/;
const URL_PATH_STARTED = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*[/?#]/;

/**
 * Parsed templates by text: the same strings of a file are resolved on every run. The parts are
 * only read here. Bounded: cleared when it grows past TEMPLATE_CACHE_MAX distinct strings.
 */
const templateCache = new Map<string, ParsedTemplate>();
const TEMPLATE_CACHE_MAX = 2000;

function cachedTemplate(text: string): ParsedTemplate {
  let t = templateCache.get(text);
  if (!t) {
    if (templateCache.size >= TEMPLATE_CACHE_MAX) templateCache.clear();
    t = parseTemplate(text);
    templateCache.set(text, t);
  }
  return t;
}

function describe(ref: RefPart): string {
  return `{{ ${ref.expr} }}`;
}

function walk(root: unknown, segments: string[]): { found: boolean; value?: unknown } {
  let cur: unknown = root;
  for (const seg of segments) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, seg)) return { found: false };
    cur = (cur as Record<string, unknown>)[seg];
  }
  return { found: true, value: cur };
}

/** The value of one reference, or a ResolveError. `secrets` collects the secret names used. */
function lookup(ref: RefPart, ctx: ResolveContext, path: PropertyPath, secrets: Set<string>): unknown {
  const fail = (code: ErrorCode, msg: string): never => {
    throw new ResolveError(code, msg, path, ref.start);
  };
  switch (ref.root) {
    case 'input': {
      if (ref.path.length === 0) return ctx.input;
      const r = walk(ctx.input, ref.path);
      if (!r.found || r.value === undefined)
        fail('invalid_file', `${describe(ref)}: the run's input has no \`${ref.path.join('.')}\` (pass it with --input or set trigger.input)`);
      return r.value;
    }
    case 'vars': {
      if (ref.path.length === 0) fail('invalid_file', `${describe(ref)}: name a variable, such as {{ vars.baseUrl }}`);
      const r = walk(ctx.vars, ref.path);
      if (!r.found || r.value === undefined) fail('invalid_file', `${describe(ref)}: the environment has no variable \`${ref.path.join('.')}\``);
      return r.value;
    }
    case 'secret': {
      if (ref.path.length !== 1) fail('invalid_file', `${describe(ref)}: write {{ secret.NAME }} (one name)`);
      const name = ref.path[0];
      if (ctx.placeholder) return ctx.placeholder('secret', name);
      const v = ctx.secrets.get(name);
      if (v === undefined) {
        fail('secret_missing', `secret \`${name}\` is not set (CLI: ${secretEnvName(name)}; VS Code: "Gateway Ion: Set Secret")`);
      }
      secrets.add(name);
      return v;
    }
    case 'env': {
      if (ref.path.length !== 1) fail('invalid_file', `${describe(ref)}: write {{ env.ION_NAME }} (one name)`);
      const name = ref.path[0];
      if (!ENV_ALLOWED.test(name) || ENV_SECRET.test(name))
        fail('invalid_file', `${describe(ref)}: only ION_* variables (not ION_SECRET_*) may be read; use {{ secret.NAME }} for secrets`);
      if (ctx.placeholder) return ctx.placeholder('env', name);
      const v = ctx.env[name];
      if (v === undefined) fail('env_missing', `environment variable ${name} is not set`);
      return v;
    }
    case 'batch': {
      if (!ctx.batch) fail('invalid_file', `${describe(ref)}: \`batch.*\` is only known with a \`batch:\` block`);
      if (ref.path.length === 0) return ctx.batch;
      const r = walk(ctx.batch, ref.path);
      if (!r.found || r.value === undefined) fail('invalid_file', `${describe(ref)}: a batch has \`items\` and \`index\``);
      return r.value;
    }
    default: {
      if ((BUILTINS as readonly string[]).includes(ref.root)) {
        if (ref.path.length > 0) fail('invalid_file', `${describe(ref)}: \`${ref.root}\` has no fields`);
        return ctx.builtins[ref.root as keyof Builtins];
      }
      return fail('invalid_file', `${describe(ref)}: unknown namespace \`${ref.root}\` (use input, vars, secret, env, uuid, now or nowUnix)`);
    }
  }
}

function asText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Resolves one string. In `plain` mode a whole reference keeps its type. */
export function resolveString(text: string, path: PropertyPath, ctx: ResolveContext, mode: ResolveMode = 'plain'): Resolved<unknown> {
  const secrets = new Set<string>();
  if (!hasTemplate(text)) return { value: text, secrets };
  const t = cachedTemplate(text);
  if (t.problems.length > 0) {
    const p = t.problems[0];
    throw new ResolveError('invalid_file', p.message, path, p.start);
  }
  if (t.whole && mode === 'plain') {
    const ref = t.parts[0] as RefPart;
    return { value: lookup(ref, ctx, path, secrets), secrets };
  }
  let out = '';
  for (const part of t.parts) {
    if (part.kind === 'literal') {
      out += part.text;
      continue;
    }
    const raw = asText(lookup(part, ctx, path, secrets));
    const isPlaceholder = ctx.placeholder !== undefined && (part.root === 'secret' || part.root === 'env');
    out += mode === 'url' && !isPlaceholder && URL_PATH_STARTED.test(out) ? encodeURIComponent(raw) : raw;
  }
  return { value: out, secrets };
}

/** Resolves every string inside a JSON-like value (keys are not templates). */
export function resolveDeep(value: unknown, path: PropertyPath, ctx: ResolveContext): Resolved<unknown> {
  const secrets = new Set<string>();
  const go = (v: unknown, p: PropertyPath, depth: number): unknown => {
    if (typeof v === 'string') {
      const r = resolveString(v, p, ctx);
      for (const s of r.secrets) secrets.add(s);
      return r.value;
    }
    if (v === null || typeof v !== 'object' || depth > 100) return v;
    if (Array.isArray(v)) return v.map((item, i) => go(item, [...p, i], depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, item] of Object.entries(v as Record<string, unknown>)) {
      Object.defineProperty(out, k, { value: go(item, [...p, k], depth + 1), enumerable: true, writable: true, configurable: true });
    }
    return out;
  };
  return { value: go(value, path, 0), secrets };
}

/** Resolves a string that must stay a string (headers, query values): a whole reference is stringified. */
export function resolveText(text: unknown, path: PropertyPath, ctx: ResolveContext, mode: ResolveMode = 'plain'): Resolved<string> {
  if (typeof text !== 'string') return { value: asText(text), secrets: new Set() };
  const r = resolveString(text, path, ctx, mode);
  return { value: asText(r.value), secrets: r.secrets };
}

/** Every `secret.NAME` referenced anywhere inside `value` (to fetch them all before anything is sent). */
export function secretNamesIn(value: unknown): Set<string> {
  const names = new Set<string>();
  const go = (v: unknown, depth: number): void => {
    if (typeof v === 'string') {
      if (!hasTemplate(v)) return;
      for (const part of cachedTemplate(v).parts) if (part.kind === 'ref' && part.root === 'secret' && part.path.length === 1) names.add(part.path[0]);
      return;
    }
    if (v === null || typeof v !== 'object' || depth > 100) return;
    for (const item of Array.isArray(v) ? v : Object.values(v)) go(item, depth + 1);
  };
  go(value, 0);
  return names;
}
