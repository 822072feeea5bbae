/**
 * Reference checks (README, "References"): grammar, where references are allowed,
 * namespaces, `vars.*` against every environment, `input.*` against the known inputs, `env.*`
 * only `ION_*` and not `ION_SECRET_*`, `secret.NAME` grammar.
 */
import type { Diagnostic } from '../diagnostics';
import { BUILTINS, NAMESPACES, parseTemplate, type RefPart } from '../template';
import { rangeInScalar, pathLabel } from './ranges';
import { secretPlacement } from './secrets';
import { didYouMean } from './suggest';
import { isFreeData, type TemplateSite } from './tojs';

/**
 * Where references are resolved: `request` (url, headers, query, body, form, text), `auth`, `output.to`,
 * `trigger.input`, and `trigger.signature.secret` (only `{{ secret.NAME }}`, which the schema requires).
 */
export function referencesAllowed(path: ReadonlyArray<string | number>): boolean {
  const [a, b] = path;
  // docs/reference.md lists url, headers, query and body; form, text and idempotencyKey are request values
  // of the same kind (an idempotency key is per order, so it must be able to read the input).
  if (a === 'request') {
    // request.tls cert/key/passphrase: secrets holding PEM text (docs/reference.md#request).
    if (b === 'tls') return path[2] === 'cert' || path[2] === 'key' || path[2] === 'passphrase';
    // request.graphql: the variables are a JSON value like `body`; the query is never resolved.
    if (b === 'graphql') return path[2] === 'variables';
    return b === 'url' || b === 'headers' || b === 'query' || b === 'body' || b === 'form' || b === 'text' || b === 'idempotencyKey';
  }
  if (a === 'auth') return true;
  if (a === 'output') return b === 'to';
  if (a === 'trigger') return b === 'input' || (b === 'signature' && path[2] === 'secret' && path.length === 3);
  if (a === 'batch') return b === 'over' && path.length === 2;
  return false;
}

export interface ReferenceContext {
  text: string;
  /** Environment name → its variables (own keys only). */
  environments: Array<[string, Record<string, unknown>]>;
  /** `trigger.input` keys ∪ every test's `input` keys. */
  inputKeys: Set<string>;
  /** Whether the file declares `batch:` (then `{{ batch.items }}`, `{{ batch.index }}` may be used in `request`). */
  hasBatch?: boolean;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function hasPath(v: unknown, path: string[]): boolean {
  let cur = v;
  for (const seg of path) {
    if (!isObj(cur) || !Object.prototype.hasOwnProperty.call(cur, seg)) return false;
    cur = cur[seg];
  }
  return true;
}

export function buildReferenceContext(value: unknown, text: string): ReferenceContext {
  const root = isObj(value) ? value : {};
  const environments: Array<[string, Record<string, unknown>]> = [];
  if (isObj(root.environments)) {
    for (const [name, vars] of Object.entries(root.environments)) environments.push([name, isObj(vars) ? vars : {}]);
  }
  const inputKeys = new Set<string>();
  const trigger = root.trigger;
  if (isObj(trigger) && isObj(trigger.input)) for (const k of Object.keys(trigger.input)) inputKeys.add(k);
  if (Array.isArray(root.tests)) {
    for (const t of root.tests) if (isObj(t) && isObj(t.input)) for (const k of Object.keys(t.input)) inputKeys.add(k);
  }
  return { text, environments, inputKeys, hasBatch: isObj(root.batch) };
}

const ROOTS = [...NAMESPACES, ...BUILTINS] as string[];

/** Environments named in one `unknown_var` message. */
const MAX_NAMES_SHOWN = 10;

/**
 * Work shared by the references of one file, so that the check stays linear in the file's size:
 * one answer per distinct reference, the environments' variables indexed once (a trie of their
 * key paths with how many environments have each), and a budget for the optional extras
 * (listing the environments that lack a variable, "did you mean"), which stop when it runs out.
 */
interface RefWork {
  memo: Map<string, RefProblem | undefined>;
  trie?: VarTrie;
  budget: number;
}

interface VarTrie {
  count: number;
  children: Map<string, VarTrie>;
}

/** Units of optional work (environments scanned, candidates compared) per file. */
const EXTRAS_BUDGET = 50_000;

function varTrie(ctx: ReferenceContext): VarTrie {
  const root: VarTrie = { count: 0, children: new Map() };
  for (const [, vars] of ctx.environments) {
    const stack: Array<[Record<string, unknown>, VarTrie]> = [[vars, root]];
    while (stack.length > 0) {
      const [obj, node] = stack.pop() as [Record<string, unknown>, VarTrie];
      for (const k of Object.keys(obj)) {
        let child = node.children.get(k);
        if (!child) node.children.set(k, (child = { count: 0, children: new Map() }));
        child.count++;
        const v = obj[k];
        if (isObj(v)) stack.push([v, child]);
      }
    }
  }
  return root;
}

/** How many environments define `vars.<path>`. */
function definedIn(work: RefWork, ctx: ReferenceContext, path: string[]): number {
  let node: VarTrie | undefined = (work.trie ??= varTrie(ctx));
  for (const seg of path) {
    node = node.children.get(seg);
    if (!node) return 0;
  }
  return node.count;
}

export function checkReferences(sites: readonly TemplateSite[], ctx: ReferenceContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const work: RefWork = { memo: new Map(), budget: EXTRAS_BUDGET };
  for (const site of sites) {
    if (isFreeData(site.path)) continue;
    const t = parseTemplate(site.value);
    const at = (from: number, to: number) => rangeInScalar(ctx.text, site.node, from, to);
    const allowed = referencesAllowed(site.path);
    for (const p of t.problems) {
      const r = at(p.start, p.end);
      out.push({ ...r, severity: 'error', code: p.code, message: p.message });
    }
    const refs = t.parts.filter((p): p is RefPart => p.kind === 'ref');
    if (!allowed) {
      if (refs.length > 0) {
        const r = at(refs[0].start, refs[refs.length - 1].end);
        out.push({
          ...r,
          severity: 'error',
          code: 'ref_not_allowed',
          message: `references are not allowed in \`${pathLabel(site.path)}\`: only in \`request\` (url, headers, query, body, form, text), \`auth\`, \`output.to\` and \`trigger.input\``,
        });
      }
      continue;
    }
    for (const p of secretPlacement(site.path, t.parts)) {
      out.push({ ...at(p.ref.start, p.ref.end), severity: 'error', code: p.code, message: p.message });
    }
    for (const ref of refs) {
      if (ref.root === 'batch') {
        const d = batchRefProblem(ref, site.path, ctx);
        if (d) out.push({ ...at(ref.exprStart, ref.exprEnd), severity: 'error', code: d.code, message: d.message });
        continue;
      }
      const id = `${ref.root}\u0000${ref.path.join('\u0000')}`;
      let d = work.memo.get(id);
      if (d === undefined && !work.memo.has(id)) work.memo.set(id, (d = checkRef(ref, ctx, work)));
      if (d) out.push({ ...at(ref.exprStart, ref.exprEnd), severity: d.severity ?? 'error', code: d.code, message: d.message, ...(d.data ? { data: d.data } : {}) });
    }
  }
  return out;
}

/** `{{ batch.items }}` and `{{ batch.index }}`: only in `request`, only with a `batch:` block (docs/reference.md#batch). */
function batchRefProblem(ref: RefPart, path: ReadonlyArray<string | number>, ctx: ReferenceContext): RefProblem | undefined {
  if (!ctx.hasBatch) return { code: 'unknown_namespace', message: `\`${ref.expr}\` is only known with a \`batch:\` block (add one, or use \`input.\`)` };
  if (path[0] !== 'request') return { code: 'ref_not_allowed', message: `\`${ref.expr}\` may only be used in \`request\` (it is the chunk being sent)` };
  if (ref.path.length > 1 || (ref.path.length === 1 && ref.path[0] !== 'items' && ref.path[0] !== 'index')) {
    return { code: 'ref_syntax', message: `a batch has \`batch.items\` (the chunk) and \`batch.index\` (its 0-based index), not \`${ref.expr}\`` };
  }
  if (ref.path.length === 0) return { code: 'ref_syntax', message: 'write `{{ batch.items }}` or `{{ batch.index }}`' };
  return undefined;
}

interface RefProblem {
  code: string;
  message: string;
  severity?: 'error' | 'warning';
  data?: Record<string, unknown>;
}

function checkRef(ref: RefPart, ctx: ReferenceContext, work: RefWork): RefProblem | undefined {
  const { root, path, expr } = ref;
  switch (root) {
    case 'uuid':
    case 'now':
    case 'nowUnix':
      return path.length === 0 ? undefined : { code: 'ref_syntax', message: `\`${root}\` is a built-in value and has no fields: write \`{{ ${root} }}\`` };
    case 'secret':
      if (path.length !== 1) return { code: 'ref_syntax', message: `write a secret as \`{{ secret.NAME }}\` (one name, no dots), not \`${expr}\`` };
      return undefined;
    case 'env': {
      if (path.length !== 1) return { code: 'ref_syntax', message: `write an environment variable as \`{{ env.ION_NAME }}\`, not \`${expr}\`` };
      const name = path[0];
      if (name.startsWith('ION_SECRET_')) {
        return { code: 'env_not_allowed', message: `\`env.${name}\` reads a secret: write \`{{ secret.NAME }}\` instead (the CLI reads it from ION_SECRET_NAME)` };
      }
      if (!name.startsWith('ION_')) {
        return {
          code: 'env_not_allowed',
          message: `\`env.${name}\` is not allowed: only variables starting with \`ION_\` can be read, so a cloned file cannot read other process variables (secrets go through \`secret.\`)`,
        };
      }
      return undefined;
    }
    case 'vars': {
      if (path.length === 0) return { code: 'ref_syntax', message: 'write a variable as `{{ vars.NAME }}`' };
      if (ctx.environments.length === 0) {
        return {
          code: 'unknown_var',
          message: `\`vars.${path.join('.')}\` is not defined: there is no \`environments:\` block (add one with \`${path[0]}\` in each environment)`,
          data: { name: path[0], missingIn: [] },
        };
      }
      const missingCount = ctx.environments.length - definedIn(work, ctx, path);
      if (missingCount === 0) return undefined;
      // Which environments lack it, and a suggestion from their keys (`baseUr` there is the likely
      // typo): optional extras, within the file's budget.
      const missing: string[] = [];
      const known = new Set<string>();
      if (work.budget >= ctx.environments.length) {
        work.budget -= ctx.environments.length;
        for (const [n, vars] of ctx.environments) {
          if (hasPath(vars, path)) continue;
          missing.push(n);
          if (path.length === 1 && work.budget > 0) {
            const keys = Object.keys(vars);
            work.budget -= keys.length;
            for (const k of keys) known.add(k);
          }
        }
      }
      const typo = path.length === 1 && known.size > 0 ? didYouMean(path[0], known).suggestion : undefined;
      const dym = typo ? { text: ` (${missingCount > 1 ? 'they have' : 'it has'} \`${typo}\`: a typo?)`, suggestion: typo } : { text: '' };
      const shown = missing.slice(0, MAX_NAMES_SHOWN).map((m) => `\`${m}\``).join(', ');
      const more = missing.length > MAX_NAMES_SHOWN ? ` and ${missing.length - MAX_NAMES_SHOWN} more` : '';
      const where =
        missingCount === ctx.environments.length
          ? 'in any environment'
          : missing.length === 0
            ? `in ${missingCount} of ${ctx.environments.length} environments`
            : `in environment${missingCount > 1 ? 's' : ''} ${shown}${more}`;
      return {
        code: 'unknown_var',
        message: `\`vars.${path.join('.')}\` is not defined ${where}${dym.text}`,
        data: { name: path.join('.'), missingIn: missing, ...('suggestion' in dym && dym.suggestion ? { suggestion: dym.suggestion } : {}) },
      };
    }
    case 'input': {
      if (path.length === 0) return { code: 'ref_syntax', message: 'write an input as `{{ input.NAME }}`' };
      if (ctx.inputKeys.has(path[0])) return undefined;
      work.budget -= ctx.inputKeys.size;
      const dym = work.budget >= 0 ? didYouMean(path[0], ctx.inputKeys) : { text: '' };
      return {
        code: 'unknown_input',
        severity: 'warning',
        message:
          ctx.inputKeys.size === 0
            ? `\`input.${path[0]}\` is not given by \`trigger.input\` or any test's \`input\` (it must come from --input)`
            : `\`input.${path[0]}\` is not in \`trigger.input\` or any test's \`input\`${dym.text}`,
        data: { name: path[0], ...('suggestion' in dym && dym.suggestion ? { suggestion: dym.suggestion } : {}) },
      };
    }
    default: {
      const dym = didYouMean(root, ROOTS);
      return {
        code: 'unknown_namespace',
        message: `unknown reference \`${expr}\`: a reference starts with \`input.\`, \`vars.\`, \`secret.\`, \`env.\` or is \`uuid\`, \`now\` or \`nowUnix\`${dym.text}`,
        ...(dym.suggestion ? { data: { suggestion: dym.suggestion } } : {}),
      };
    }
  }
}
