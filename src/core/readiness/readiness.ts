/**
 * The readiness checklist (README, "Plan and document an integration"; docs/reference.md,
 * "Readiness"): four things to know before an integration is worth running against a real API.
 *
 * - `auth`: an `auth` block (a push-only webhook: its `trigger.signature`) and a `docs.apiDocs` link;
 * - `endpoints`: the request URL resolves in every environment (no `{{ vars.* }}` an environment
 *   lacks, no `{{ env.* }}` or `{{ secret.* }}` left to fill in; `{{ input.* }}` is the run's);
 * - `rateLimits`: `rateLimit:` or `docs.rateLimits`;
 * - `payloadExample`: a test with a response body (what Save as test and `ion run --record` write);
 *   a push-only webhook: a test with an `input` event.
 *
 * Computed from the parsed file only: plain data in, plain data out.
 */
import type { Diagnostic } from '../diagnostics';
import type { OffsetRange } from '../model';
import type { ParsedIntegration } from '../parse';
import { parseTemplate } from '../template';

export const READINESS_ITEMS = ['auth', 'endpoints', 'rateLimits', 'payloadExample'] as const;
export type ReadinessItem = (typeof READINESS_ITEMS)[number];

/** What the quick fix of a missing item does. */
export type ReadinessFix = 'addDocsLink' | 'addAuth' | 'saveAsTest' | 'declareRateLimit' | 'none';

export interface ReadinessCheck {
  item: ReadinessItem;
  /** `Auth documented`, … (the seed's checklist words). */
  label: string;
  met: boolean;
  /** Why it is met, or what is missing and how to add it: one sentence. */
  detail: string;
  /** Where a diagnostic for it belongs. */
  range: OffsetRange;
  fix: ReadinessFix;
}

export interface Readiness {
  checks: ReadinessCheck[];
  met: number;
  total: number;
}

export const READINESS_LABELS: Record<ReadinessItem, string> = {
  auth: 'Auth documented',
  endpoints: 'Endpoints identified',
  rateLimits: 'Rate limits known',
  payloadExample: 'Payload example',
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

/** What the quick fixes insert for the user to replace: `TODO` text never counts as met. */
export const PLACEHOLDER = 'TODO';
export const isPlaceholder = (s: string): boolean => s.includes(PLACEHOLDER);

/** The `docs.apiDocs` links that look like http(s) URLs. */
export function apiDocsLinks(value: Obj): string[] {
  const docs = isObj(value.docs) ? value.docs : undefined;
  const list = docs && Array.isArray(docs.apiDocs) ? docs.apiDocs : [];
  return list.filter((u): u is string => typeof u === 'string' && /^https?:\/\/[^\s/?#]+/.test(u) && !isPlaceholder(u));
}

/** True for a push-only integration: a webhook trigger and no request. */
export function isPushOnly(value: Obj): boolean {
  return isObj(value.trigger) && value.trigger.type === 'webhook' && value.request === undefined;
}

/** The environments to resolve in: each listed one, or one without vars when there are none. */
function environmentsOf(value: Obj): Array<{ name: string | null; vars: Obj }> {
  const envs = isObj(value.environments) ? value.environments : {};
  const names = Object.keys(envs);
  if (names.length === 0) return [{ name: null, vars: {} }];
  return names.map((name) => ({ name, vars: isObj(envs[name]) ? (envs[name] as Obj) : {} }));
}

/**
 * The URL with `vars` of one environment filled in; `{{ input.* }}` and built-ins become a
 * placeholder segment. `unresolved` lists what stays unknown before the run (`vars.x` the
 * environment lacks, `env.*`, `secret.*`).
 */
export function resolveUrl(url: string, vars: Obj): { url: string; unresolved: string[] } {
  const t = parseTemplate(url);
  let out = '';
  const unresolved: string[] = [];
  for (const p of t.parts) {
    if (p.kind === 'literal') {
      out += p.text;
      continue;
    }
    if (p.root === 'vars') {
      let v: unknown = vars;
      for (const seg of p.path) v = isObj(v) && Object.prototype.hasOwnProperty.call(v, seg) ? v[seg] : undefined;
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
        // A value that is itself a reference is not resolved further by a run either.
        if (typeof v === 'string' && v.includes('{{')) unresolved.push(p.expr);
        out += String(v);
      } else unresolved.push(p.expr);
    } else if (p.root === 'env' || p.root === 'secret') {
      unresolved.push(p.expr);
      out += 'x';
    } else out += 'x';
  }
  if (t.problems.length > 0) unresolved.push('a broken `{{ }}`');
  return { url: out, unresolved };
}

function absoluteHttp(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

function hasBody(r: unknown): boolean {
  return isObj(r) && r.body !== undefined && r.body !== null && r.body !== '';
}

function where(parsed: ParsedIntegration, ...paths: Array<ReadonlyArray<string | number>>): OffsetRange {
  for (const p of paths) {
    const r = p.length === 0 ? undefined : parsed.keyRangeOf(p);
    if (r && r.end > r.start) return r;
  }
  // The file's first line: readiness is about the whole file.
  const nl = parsed.text.indexOf('\n');
  return { start: 0, end: Math.max(Math.min(nl < 0 ? parsed.text.length : nl, parsed.text.length), Math.min(1, parsed.text.length)) };
}

function authCheck(parsed: ParsedIntegration, value: Obj): ReadinessCheck {
  const links = apiDocsLinks(value);
  const push = isPushOnly(value);
  const hasAuth = isObj(value.auth) || (push && isObj(value.trigger) && isObj(value.trigger.signature));
  const what = push ? 'a `trigger.signature`' : 'an `auth` block';
  const range = where(parsed, ['docs', 'apiDocs'], ['docs'], ['auth'], ['name']);
  if (hasAuth && links.length > 0) return { item: 'auth', label: READINESS_LABELS.auth, met: true, detail: `${push ? 'The webhook signature' : `\`auth\` (${String((value.auth as Obj | undefined)?.type ?? 'signature')})`} and ${links.length === 1 ? 'an API docs link' : `${links.length} API docs links`}.`, range, fix: 'none' };
  if (!hasAuth) {
    return { item: 'auth', label: READINESS_LABELS.auth, met: false, detail: `No ${what}: say how the API authenticates (\`auth: { type: none }\` when it does not)${links.length === 0 ? ', and link its documentation under `docs.apiDocs`' : ''}.`, range: where(parsed, ['name']), fix: links.length === 0 ? 'addDocsLink' : 'addAuth' };
  }
  return { item: 'auth', label: READINESS_LABELS.auth, met: false, detail: 'No API documentation link: add the page that documents the endpoint and its authentication under `docs.apiDocs`.', range, fix: 'addDocsLink' };
}

function endpointsCheck(parsed: ParsedIntegration, value: Obj): ReadinessCheck {
  const base = { item: 'endpoints' as const, label: READINESS_LABELS.endpoints };
  if (isPushOnly(value)) {
    const trigger = value.trigger as Obj;
    const path = typeof trigger.path === 'string' ? trigger.path : `/hooks/${String(value.name ?? 'NAME')}`;
    return { ...base, met: true, detail: `Push-only: the API calls the webhook at \`${path}\`.`, range: where(parsed, ['trigger'], ['name']), fix: 'none' };
  }
  const request = isObj(value.request) ? value.request : undefined;
  const range = where(parsed, ['request', 'url'], ['request'], ['name']);
  if (!request || !nonEmpty(request.url)) return { ...base, met: false, detail: 'No `request.url`: write the endpoint the integration calls.', range, fix: 'none' };
  const problems: string[] = [];
  for (const env of environmentsOf(value)) {
    const r = resolveUrl(request.url, env.vars);
    const label = env.name === null ? '' : ` in \`${env.name}\``;
    if (r.unresolved.length > 0) problems.push(`${[...new Set(r.unresolved)].map((u) => (u.startsWith('a ') ? u : `\`{{ ${u} }}\``)).join(', ')} is not known${label}`);
    else if (!absoluteHttp(r.url)) problems.push(`\`${r.url}\` is not an absolute http or https URL${label}`);
  }
  if (problems.length > 0) return { ...base, met: false, detail: `The request URL does not resolve in every environment: ${problems.join('; ')}.`, range, fix: 'none' };
  const names = Object.keys(isObj(value.environments) ? value.environments : {});
  const where_ = names.length === 0 ? 'is an absolute URL' : names.length === 1 ? `resolves in \`${names[0]}\`` : names.length === 2 ? 'resolves in both environments' : `resolves in all ${names.length} environments`;
  return { ...base, met: true, detail: `The request URL ${where_}.`, range, fix: 'none' };
}

function rateLimitsCheck(parsed: ParsedIntegration, value: Obj): ReadinessCheck {
  const base = { item: 'rateLimits' as const, label: READINESS_LABELS.rateLimits };
  const docs = isObj(value.docs) ? value.docs : undefined;
  if (value.rateLimit !== undefined && value.rateLimit !== null) return { ...base, met: true, detail: 'Declared under `rateLimit`.', range: where(parsed, ['rateLimit']), fix: 'none' };
  if (docs && nonEmpty(docs.rateLimits) && !isPlaceholder(docs.rateLimits)) return { ...base, met: true, detail: `\`docs.rateLimits\`: ${docs.rateLimits.trim().replace(/\.?$/, '.')}`, range: where(parsed, ['docs', 'rateLimits']), fix: 'none' };
  return { ...base, met: false, detail: 'The API\'s rate limits are not known: declare `rateLimit:` or describe them in `docs.rateLimits`.', range: where(parsed, ['retry'], ['docs'], ['request'], ['name']), fix: 'declareRateLimit' };
}

function payloadCheck(parsed: ParsedIntegration, value: Obj): ReadinessCheck {
  const base = { item: 'payloadExample' as const, label: READINESS_LABELS.payloadExample };
  const tests = Array.isArray(value.tests) ? value.tests : [];
  const push = isPushOnly(value);
  const index = tests.findIndex((t) => isObj(t) && (push ? isObj(t.input) || isObj((value.trigger as Obj).input) : hasBody(t.response) || (Array.isArray(t.responses) && t.responses.some(hasBody))));
  if (index >= 0) {
    const name = (tests[index] as Obj).name;
    return { ...base, met: true, detail: `Test "${String(name)}" has ${push ? 'an event' : 'a response body'}.`, range: where(parsed, ['tests', index, 'name'], ['tests']), fix: 'none' };
  }
  return {
    ...base,
    met: false,
    detail: push ? 'No test with an example event: add a test whose `input` is a real event.' : 'No test with a response body: run the integration once and use Save as test (`ion run --record`) to keep a real payload.',
    range: where(parsed, ['tests'], ['validate'], ['request'], ['name']),
    fix: push ? 'none' : 'saveAsTest',
  };
}

/** The checklist of a parsed file; undefined when the file has no value (a YAML syntax error). */
export function readinessOf(parsed: ParsedIntegration): Readiness | undefined {
  const value = parsed.value as unknown;
  if (!isObj(value)) return undefined;
  const checks = [authCheck(parsed, value), endpointsCheck(parsed, value), rateLimitsCheck(parsed, value), payloadCheck(parsed, value)];
  return { checks, met: checks.filter((c) => c.met).length, total: checks.length };
}

/** `readiness 3/4` */
export function readinessSummary(r: Readiness): string {
  return `readiness ${r.met}/${r.total}`;
}

/** One information diagnostic per missing item, code `readiness_<item>`. */
export function readinessDiagnostics(r: Readiness | undefined): Diagnostic[] {
  if (!r) return [];
  return r.checks
    .filter((c) => !c.met)
    .map((c) => ({ start: c.range.start, end: c.range.end, severity: 'information' as const, code: `readiness_${c.item}`, message: `Readiness (${r.met}/${r.total}): ${c.label.toLowerCase()} is missing. ${c.detail}`, data: { item: c.item, fix: c.fix } }));
}
