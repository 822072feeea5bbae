/**
 * The generated documentation of one integration (`ion docs`, "Gateway Ion: Show Documentation";
 * README, "Plan and document an integration"): what it does, its flow, the configuration it needs,
 * how it handles errors, its limitations, troubleshooting for exactly the error codes it can meet
 * (hints from the one table in src/core/errors.ts), and its tests. Deterministic: the same file
 * gives the same bytes (no dates), so `ion docs --check` can compare.
 */
import { ERROR_CODES, ERROR_INFO, type ErrorCode } from '../errors';
import type { ParsedIntegration } from '../parse';
import { readinessOf } from '../readiness';
import { resolveUrl } from '../readiness';
import { methodRetryable, retryPolicy } from '../retry';
import { parseTemplate, secretEnvName } from '../template';
import { formatDuration, formatSize, parseDuration, parseSize } from '../units';
import { asciiFlow, describeAuth, describeRetry, flowOf } from './flow';
import type { RetrySpec } from '../model';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

export interface DocsOptions {
  /** The integration file's name as shown (its base name). */
  fileName: string;
}

/** A `|` inside a table cell would split it; a `<` outside code would start an HTML tag (`ION_SECRET_<NAME>`). */
function cell(s: string): string {
  const one = s.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
  return one
    .split('`')
    .map((part, i) => (i % 2 === 0 ? part.replace(/</g, '&lt;') : part))
    .join('`');
}

function code(s: string): string {
  return s.includes('`') ? `\`\` ${s} \`\`` : `\`${s}\``;
}

interface RefUse {
  /** `auth.token`, `output.to[1].url`. */
  at: string;
  /** Where the value is sent (a URL template), or undefined when it is never sent. */
  sentTo?: string;
  /** The reference is the whole URL (any origin it holds). */
  wholeUrl?: boolean;
}

/** Every `{{ ns.NAME }}` in the file's strings, with where it is used. */
function references(value: Obj, ns: 'secret' | 'env'): Map<string, RefUse[]> {
  const out = new Map<string, RefUse[]>();
  const requestUrl = isObj(value.request) ? str(value.request.url) : undefined;
  const auth = isObj(value.auth) ? value.auth : undefined;
  const walk = (v: unknown, path: Array<string | number>) => {
    if (typeof v === 'string') {
      if (!v.includes('{{')) return;
      for (const p of parseTemplate(v).parts) {
        if (p.kind !== 'ref' || p.root !== ns || p.path.length === 0) continue;
        const name = p.path[0];
        const at = path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
        let sentTo: string | undefined;
        let wholeUrl = false;
        if (path[0] === 'auth') sentTo = auth?.type === 'oauth2' ? str(auth.tokenUrl) : requestUrl;
        else if (path[0] === 'request') sentTo = path[1] === 'url' && parseTemplate(v).whole ? undefined : requestUrl;
        else if (path[0] === 'output' && typeof path[2] === 'number') {
          const target = Array.isArray((value.output as Obj).to) ? ((value.output as Obj).to as unknown[])[path[2]] : undefined;
          sentTo = isObj(target) ? str(target.url) : undefined;
        }
        if ((path[0] === 'request' || path[0] === 'output') && path[path.length - 1] === 'url' && parseTemplate(v).whole) {
          wholeUrl = true;
          sentTo = undefined;
        }
        const list = out.get(name) ?? [];
        list.push({ at, sentTo, wholeUrl });
        out.set(name, list);
      }
      return;
    }
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
    else if (isObj(v)) for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  for (const key of ['trigger', 'auth', 'request', 'output']) if (value[key] !== undefined) walk(value[key], [key]);
  return out;
}

function environments(value: Obj): Array<{ name: string | null; vars: Obj }> {
  const envs = isObj(value.environments) ? value.environments : {};
  const names = Object.keys(envs);
  if (names.length === 0) return [{ name: null, vars: {} }];
  return names.map((name) => ({ name, vars: isObj(envs[name]) ? (envs[name] as Obj) : {} }));
}

/** `https://api.example.com (production)`, one per environment where the URL resolves. */
function originsOf(url: string, value: Obj): string[] {
  const out: string[] = [];
  for (const env of environments(value)) {
    const r = resolveUrl(url, env.vars);
    let origin = 'decided at run time';
    if (r.unresolved.length === 0) {
      try {
        origin = new URL(r.url).origin;
      } catch {
        origin = 'not a URL';
      }
    }
    out.push(env.name === null ? origin : `${origin} (${env.name})`);
  }
  return out;
}

function secretsSection(value: Obj): string[] {
  const refs = references(value, 'secret');
  if (refs.size === 0) return ['No secrets.', ''];
  const lines = ['| Secret | Used in | Allowed origins | CI (`ion`) |', '| --- | --- | --- | --- |'];
  for (const name of [...refs.keys()].sort()) {
    const uses = refs.get(name)!;
    const origins = new Set<string>();
    for (const u of uses) {
      if (u.wholeUrl) origins.add('the URL it holds');
      else if (u.sentTo) for (const o of originsOf(u.sentTo, value)) origins.add(o);
      else if (u.at.startsWith('trigger.signature')) origins.add('never sent: verifies incoming webhooks');
    }
    const envName = secretEnvName(name);
    const ci = `${code(envName)} (per environment ${code(`${envName}__ENV`)}); bind with ${code(`${envName}_ORIGINS`)}`;
    lines.push(`| ${code(name)} | ${cell(uses.map((u) => code(u.at)).join(', '))} | ${cell([...origins].join(', ') || 'none')} | ${cell(ci)} |`);
  }
  lines.push(
    '',
    'In VS Code: **Gateway Ion: Set Secret** (or the quick fix on an unset `{{ secret.NAME }}`) stores each value in SecretStorage; the first request to a new origin asks before sending it. In CI: export the `ION_SECRET_*` variables (or pass `--env-file FILE`); `ION_SECRET_<NAME>_ORIGINS=https://api.example.com,…` refuses any other origin (`secret_blocked`, nothing is sent).',
    '',
  );
  return lines;
}

function envVarsSection(value: Obj): string[] {
  const refs = references(value, 'env');
  if (refs.size === 0) return [];
  const lines = ['### `ION_` variables', '', '| Variable | Used in |', '| --- | --- |'];
  for (const name of [...refs.keys()].sort()) lines.push(`| ${code(name)} | ${cell(refs.get(name)!.map((u) => code(u.at)).join(', '))} |`);
  lines.push('', 'Set them in the environment of VS Code or of the `ion` process (or in an `--env-file`).', '');
  return lines;
}

function show(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function environmentsSection(value: Obj): string[] {
  const envs = isObj(value.environments) ? value.environments : {};
  const names = Object.keys(envs);
  if (names.length === 0) return ['### Environments', '', 'None: the file has no `environments:` block.', ''];
  const vars = [...new Set(names.flatMap((n) => (isObj(envs[n]) ? Object.keys(envs[n] as Obj) : [])))].sort();
  const def = str(value.defaultEnvironment) ?? names[0];
  const lines = ['### Environments', '', `Chosen with the environment picker in VS Code or \`ion run --env NAME\`; \`${def}\` when none is chosen. \`--var K=V\` overrides one variable for a run.`, ''];
  if (vars.length === 0) return [...lines, `Environments: ${names.map(code).join(', ')} (no variables).`, ''];
  lines.push(`| Variable | ${names.map(code).join(' | ')} |`, `| --- |${names.map(() => ' --- |').join('')}`);
  for (const v of vars) lines.push(`| ${code(v)} | ${names.map((n) => (isObj(envs[n]) && (envs[n] as Obj)[v] !== undefined ? cell(code(show((envs[n] as Obj)[v]))) : '(not set)')).join(' | ')} |`);
  lines.push('');
  return lines;
}

function methodOf(value: Obj): string {
  return isObj(value.request) && typeof value.request.method === 'string' ? value.request.method.toUpperCase() : 'GET';
}

function errorHandling(value: Obj): string[] {
  if (!isObj(value.request)) {
    return ['No request is sent: the webhook event goes straight to the transform. A failed transform or output fails the run; `ion serve` keeps the event in its inbox before answering 202, so a restart does not lose it.', ''];
  }
  const request = value.request;
  const spec = isObj(value.retry) ? (value.retry as RetrySpec) : undefined;
  const policy = retryPolicy(spec);
  const method = methodOf(value);
  const idem = str(request.idempotencyKey) !== undefined;
  const out: string[] = [];
  const timeout = parseDuration(request.timeout as string | number | undefined) ?? 30_000;
  out.push(`- Each attempt may take up to ${formatDuration(timeout)} (\`request.timeout\`${request.timeout === undefined ? ', the default' : ''}); then it fails as \`timeout\`.`);
  if (!spec) {
    out.push('- Nothing is retried: there is no `retry:` block, so the first failure fails the run.');
  } else {
    const on = [...policy.on].map(String);
    out.push(`- Retried: ${on.join(', ')}, up to ${policy.maxAttempts} attempts in all (the first included). A 4xx other than 408 and 429 is never retried.`);
    const ceilings: number[] = [];
    for (let i = 1; i < policy.maxAttempts; i++) ceilings.push(Math.min(policy.maxMs, policy.initialMs * 2 ** (i - 1)));
    const worst = ceilings.reduce((s, c) => s + Math.max(c, policy.respectRetryAfter ? policy.maxWaitMs : 0), 0);
    out.push(`- Waits: backoff from ${formatDuration(policy.initialMs)} doubling up to ${formatDuration(policy.maxMs)} per wait (${policy.jitter === 'full' ? 'full jitter: a random part of it' : 'no jitter'}); at most ${formatDuration(ceilings.reduce((s, c) => s + c, 0))} of backoff in all.`);
    out.push(
      policy.respectRetryAfter
        ? `- A \`Retry-After\` is honoured up to ${formatDuration(policy.maxWaitMs)} (\`retry.maxWait\`); a longer one fails at once. Worst case, the run waits ${formatDuration(worst)} in all between attempts.`
        : '- A `Retry-After` is ignored (`respectRetryAfter: false`).',
    );
  }
  if (!methodRetryable(method, idem, policy)) out.push(`- ${method} is not idempotent and has no \`idempotencyKey\`: it is sent once and never retried (add \`request.idempotencyKey\` or \`retry.retryUnsafe: true\` when the API can take it twice).`);
  else if (method === 'POST' || method === 'PATCH') out.push(`- ${method} is retried because ${idem ? 'it carries an `idempotencyKey` (the same key on every attempt)' : '`retry.retryUnsafe` is true'}.`);
  if (isObj(value.auth) && value.auth.type === 'oauth2') out.push('- A 401 refreshes the OAuth2 token once and sends the request again (not counted as a retry).');
  if (isObj(value.output) && Array.isArray(value.output.to) && value.output.to.length > 0) out.push('- An output that cannot be written or sent fails the run as `output_failed`.');
  out.push('');
  return out;
}

function limitations(value: Obj): string[] {
  const docs = isObj(value.docs) ? value.docs : {};
  const own = Array.isArray(docs.limitations) ? docs.limitations.filter((l): l is string => typeof l === 'string' && l.trim() !== '') : [];
  const implied: string[] = [];
  const request = isObj(value.request) ? value.request : undefined;
  const trigger = isObj(value.trigger) ? value.trigger : undefined;
  if (request) {
    const method = methodOf(value);
    const spec = isObj(value.retry) ? (value.retry as RetrySpec) : undefined;
    if (!methodRetryable(method, str(request.idempotencyKey) !== undefined, retryPolicy(spec)) && spec) implied.push(`${method} is not retried (no \`idempotencyKey\`): a failure after the API received the request needs a manual check.`);
    if (!spec) implied.push('Failures are not retried (no `retry:` block).');
    const max = parseSize(request.maxResponseBytes as string | number | undefined) ?? 10 * 1024 * 1024;
    implied.push(`Responses over ${formatSize(max)} are refused (\`response_too_large\`).`);
    if (!isObj(value.validate) || value.validate.response === undefined) implied.push('The response body is not checked (no `validate.response`): a changed API shows up in the transform, if at all.');
    if (request.followRedirects === false) implied.push('Redirects are not followed (`followRedirects: false`).');
  }
  if (trigger?.type === 'schedule' && !str(trigger.timezone)) implied.push('The schedule runs in the local time zone of the machine that runs `ion serve` (no `trigger.timezone`).');
  if (trigger?.type === 'webhook' && !isObj(trigger.signature)) implied.push('The webhook is unsigned: anyone who can reach it can start a run.');
  if (trigger?.type === 'schedule' || trigger?.type === 'webhook') implied.push(`The ${trigger.type} only fires while \`ion serve\` (or **Gateway Ion: Start Triggers** in VS Code) runs.`);
  const out = [...own.map((l) => `- ${l.trim()}`), ...implied.map((l) => `- ${l}`)];
  return out.length > 0 ? [...out, ''] : ['None known.', ''];
}

/** The error codes a run of this file can end with (never `cancelled`: that one is the user's). */
export function reachableErrors(file: unknown): ErrorCode[] {
  const value = isObj(file) ? file : {};
  const codes = new Set<ErrorCode>(['invalid_file']);
  if (references(value, 'secret').size > 0) codes.add('secret_missing').add('secret_blocked');
  if (references(value, 'env').size > 0) codes.add('env_missing');
  if (isObj(value.request)) {
    if (isObj(value.auth) && value.auth.type !== 'none') codes.add('auth_failed').add('forbidden');
    for (const c of ['not_found', 'client_error', 'rate_limited', 'server_error', 'timeout', 'network', 'response_too_large'] as const) codes.add(c);
    if (value.request.followRedirects !== false) codes.add('redirect_refused');
    if (isObj(value.validate) && (value.validate.response !== undefined || Array.isArray(value.validate.status))) codes.add('validation_failed');
  }
  if (value.transform !== undefined) codes.add('transform_failed');
  const output = isObj(value.output) ? value.output : {};
  if (output.schema !== undefined) codes.add('output_invalid');
  if (Array.isArray(output.to) && output.to.length > 0) codes.add('output_failed');
  // The table's order, so the documentation does not change with the file's key order.
  return ERROR_CODES.filter((c) => codes.has(c));
}

function troubleshooting(value: Obj): string[] {
  const lines = ['| Error | Cause | What to do |', '| --- | --- | --- |'];
  for (const c of reachableErrors(value)) {
    const info = ERROR_INFO[c];
    lines.push(`| ${code(c)}: ${cell(info.title)} | ${cell(info.cause)} | ${cell(info.hint)} |`);
  }
  lines.push('');
  return lines;
}

function expectation(t: Obj): string {
  const e = isObj(t.expect) ? t.expect : {};
  const parts: string[] = [];
  if (e.ok === false || str(e.error)) parts.push(`fails${str(e.error) ? ` with \`${String(e.error)}\`` : ''}`);
  else parts.push('succeeds');
  if (typeof e.status === 'number') parts.push(`status ${e.status}`);
  if (typeof e.attempts === 'number') parts.push(`${e.attempts} attempt${e.attempts === 1 ? '' : 's'}`);
  if (e.output !== undefined) parts.push('checks the output');
  return parts.join(', ');
}

function testsSection(value: Obj, fileName: string): string[] {
  const tests = Array.isArray(value.tests) ? value.tests.filter(isObj) : [];
  if (tests.length === 0) return ['No tests yet: run the integration once and use **Save as test** (or `ion run --record`).', ''];
  const lines = tests.map((t) => `- **${cell(String(t.name ?? '(unnamed)'))}**${t.live === true ? ' (live)' : ''}: ${expectation(t)}.`);
  return [...lines, '', `Run them offline with \`ion test ${fileName}\` or from Test Explorer.`, ''];
}

/** The documentation of `parsed` as Markdown; undefined when the file has no value (a YAML syntax error). */
export function integrationDocs(parsed: ParsedIntegration, options: DocsOptions): string | undefined {
  const value = parsed.value as unknown;
  if (!isObj(value)) return undefined;
  const docs = isObj(value.docs) ? value.docs : {};
  const name = str(value.name) ?? options.fileName;
  const out: string[] = [`# ${name}`, '', `<!-- Generated by \`ion docs\` from ${options.fileName}: edit that file and run \`ion docs\` again (\`ion docs --check\` fails while this is stale). -->`, ''];
  const summary = str(docs.summary) ?? str(value.description);
  out.push(summary ? summary.trim() : '_No summary: add `docs.summary` (or `description`)._', '');
  if (str(docs.summary) && str(value.description) && String(value.description).trim() !== String(docs.summary).trim()) out.push(String(value.description).trim(), '');
  const facts: string[] = [];
  if (str(value.pattern)) facts.push(`- Pattern: ${String(value.pattern)}`);
  if (str(docs.owner)) facts.push(`- Owner: ${String(docs.owner)}`);
  const links = Array.isArray(docs.apiDocs) ? docs.apiDocs.filter((u): u is string => typeof u === 'string') : [];
  if (links.length > 0) facts.push(`- API documentation: ${links.map((u) => `<${u}>`).join(', ')}`);
  if (isObj(value.request) || isObj(value.auth)) facts.push(`- Authentication: ${describeAuth(value.auth)}`);
  const rl = isObj(value.rateLimit) ? value.rateLimit : undefined;
  if (rl) facts.push(`- Rate limit (\`rateLimit\`, kept by the client): at most ${String(rl.requests ?? '?')} requests per ${String(rl.per ?? '?')}`);
  if (str(docs.rateLimits)) facts.push(`- Rate limits: ${String(docs.rateLimits)}`);
  if (facts.length > 0) out.push(...facts, '');

  const readiness = readinessOf(parsed);
  if (readiness) {
    out.push(`## Readiness (${readiness.met}/${readiness.total})`, '');
    for (const c of readiness.checks) out.push(`- [${c.met ? 'x' : ' '}] ${c.label}: ${c.detail}`);
    out.push('');
  }

  out.push('## How it works', '', '```text', asciiFlow(flowOf(value)).trimEnd(), '```', '');
  if (isObj(value.request)) out.push(`Retry: ${describeRetry(value.retry)}.`, '');

  out.push('## Required configuration', '', '### Secrets', '', ...secretsSection(value), ...envVarsSection(value), ...environmentsSection(value));
  out.push('## Error handling', '', ...errorHandling(value));
  out.push('## Known limitations', '', ...limitations(value));
  out.push('## Troubleshooting', '', 'The errors a run of this integration can end with, and what to do (the same hints a failed run shows):', '', ...troubleshooting(value));
  out.push('## Tests', '', ...testsSection(value, options.fileName));
  if (str(docs.notes)) out.push('## Notes', '', String(docs.notes).trim(), '');
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}
