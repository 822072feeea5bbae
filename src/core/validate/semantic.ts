/**
 * Rules beyond the schema: environments named by `defaultEnvironment` and tests, URL shape,
 * cron and time zone, keys that exclude each other, unique test names. Every check reads the
 * plain value defensively: it also runs on files with schema errors.
 */
import type { Document } from 'yaml';
import type { Diagnostic } from '../diagnostics';
import { parseTemplate } from '../template';
import { checkCron } from './cron';
import { checkPaginateBatch } from './paginate';
import { cacheAndGraphqlChecks } from './cache-graphql';
import { nodeAt } from './nodes';
import { locate, pathLabel, rangeInScalar } from './ranges';
import { didYouMean } from './suggest';
import { ContainmentError, pathSegments, reservedTarget } from '../output/contained';
import { TRANSFORM_DEFAULTS } from '../transform/types';
import { parseDuration } from '../units';

type Path = Array<string | number>;

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function has(o: Record<string, unknown>, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, k);
}

export function checkSemantics(value: Record<string, unknown>, doc: Document, text: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const error = (path: Path, code: string, message: string, prefer: 'value' | 'key' = 'value', data?: Record<string, unknown>) => {
    out.push({ ...locate(doc, text, path, prefer), severity: 'error', code, message, ...(data ? { data } : {}) });
  };
  const environments = isObj(value.environments) ? value.environments : undefined;
  const envNames = environments ? Object.keys(environments) : [];

  const checkEnvName = (path: Path, name: unknown, what: string) => {
    if (typeof name !== 'string') return;
    if (environments && has(environments, name)) return;
    const dym = didYouMean(name, envNames);
    const known = envNames.length > 0 ? ` (environments: ${envNames.join(', ')})` : ': there is no `environments:` block';
    error(path, 'unknown_environment', `${what} \`${name}\` is not under \`environments\`${dym.text || known}`, 'value', dym.suggestion ? { suggestion: dym.suggestion } : undefined);
  };
  checkEnvName(['defaultEnvironment'], value.defaultEnvironment, '`defaultEnvironment`');

  // Trigger: cron and time zone.
  const trigger = value.trigger;
  if (isObj(trigger) && trigger.type === 'schedule') {
    if (typeof trigger.cron === 'string') {
      const node = nodeAt(doc, ['trigger', 'cron']).value;
      for (const p of checkCron(trigger.cron)) {
        const r = node ? rangeInScalar(text, node, p.start, p.end) : locate(doc, text, ['trigger', 'cron'], 'value');
        out.push({ ...r, severity: 'error', code: 'bad_cron', message: p.message, data: { field: p.field } });
      }
    }
    if (typeof trigger.timezone === 'string' && !validTimeZone(trigger.timezone)) {
      error(['trigger', 'timezone'], 'bad_timezone', `\`trigger.timezone\` \`${trigger.timezone}\` is not an IANA time zone such as \`Europe/Madrid\` or \`UTC\``);
    }
  }

  // Request: URL and the body forms.
  const request = value.request;
  if (isObj(request)) {
    checkUrl(out, doc, text, ['request', 'url'], request.url, environments);
    const bodies = ['body', 'form', 'text', 'graphql'].filter((k) => has(request, k));
    if (bodies.length > 1) {
      error(['request', bodies[1]], 'conflicting_keys', `\`request\` has both \`${bodies[0]}\` and \`${bodies[1]}\`: give one body (\`body\` JSON, \`form\`, \`text\` or \`graphql\`)`, 'key');
    }
  }
  out.push(...cacheAndGraphqlChecks(value, (path, message) => ({ ...locate(doc, text, path, 'key'), severity: 'warning', code: 'unused_key', message })));
  const auth = value.auth;
  if (isObj(auth) && auth.type === 'oauth2') checkUrl(out, doc, text, ['auth', 'tokenUrl'], auth.tokenUrl, environments);
  const output = value.output;
  if (isObj(output) && Array.isArray(output.to)) {
    output.to.forEach((t, i) => {
      if (isObj(t) && t.type === 'http') checkUrl(out, doc, text, ['output', 'to', i, 'url'], t.url, environments);
      if (isObj(t) && t.type === 'file' && typeof t.path === 'string' && !t.path.includes('{{')) {
        const problem = outputPathProblem(t.path);
        if (problem) error(['output', 'to', i, 'path'], 'output_path', problem, 'value');
      }
    });
  }

  const transform = value.transform;
  if (isObj(transform)) {
    if (has(transform, 'script') && has(transform, 'file')) {
      error(['transform', 'file'], 'conflicting_keys', '`transform` has both `script` and `file`: give one', 'key');
    } else if (!has(transform, 'script') && !has(transform, 'file')) {
      error(['transform'], 'missing_key', 'missing `script` or `file` in `transform`', 'key', { key: 'script' });
    }
    // The sandbox's hard cap (docs/reference.md, `transform`): no file holds a worker longer.
    const timeoutMs = parseDuration(transform.timeout);
    if (timeoutMs !== undefined && timeoutMs > TRANSFORM_DEFAULTS.maxTimeoutMs) {
      error(['transform', 'timeout'], 'out_of_range', `\`transform.timeout\` is at most ${TRANSFORM_DEFAULTS.maxTimeoutMs / 1000}s`);
    }
  }

  // A bare number is milliseconds: `timeout: 10` is almost always meant as ten seconds.
  const durations: Array<[Path, unknown]> = [];
  if (isObj(request)) durations.push([['request', 'timeout'], request.timeout]);
  const retry = value.retry;
  if (isObj(retry)) {
    durations.push([['retry', 'maxWait'], retry.maxWait]);
    if (isObj(retry.backoff)) durations.push([['retry', 'backoff', 'initial'], retry.backoff.initial], [['retry', 'backoff', 'max'], retry.backoff.max]);
  }
  if (isObj(transform)) durations.push([['transform', 'timeout'], transform.timeout]);
  if (isObj(value.rateLimit)) durations.push([['rateLimit', 'per'], value.rateLimit.per]);
  if (isObj(value.cache)) durations.push([['cache', 'ttl'], value.cache.ttl]);
  for (const [path, v] of durations) {
    if (typeof v === 'number' && v > 0 && v < 1000) {
      out.push({
        ...locate(doc, text, path, 'value'),
        severity: 'warning',
        code: 'duration_unit',
        message: `\`${path.join('.')}: ${v}\` is ${v} milliseconds; write \`${v}s\` for seconds (or \`${v}ms\` to keep milliseconds and silence this)`,
        data: { suggestion: `${v}s` },
      });
    }
  }

  if (Array.isArray(value.tests)) {
    const seen = new Set<string>();
    value.tests.forEach((t, i) => {
      if (!isObj(t)) return;
      if (typeof t.name === 'string') {
        if (seen.has(t.name)) error(['tests', i, 'name'], 'duplicate_test_name', `another test is already called \`${t.name}\`: test names must be unique`);
        seen.add(t.name);
      }
      if (has(t, 'env')) checkEnvName(['tests', i, 'env'], t.env, `\`tests[${i}].env\``);
      if (has(t, 'response') && has(t, 'responses')) {
        error(['tests', i, 'responses'], 'conflicting_keys', `\`tests[${i}]\` has both \`response\` and \`responses\`: give one (\`responses\` for several attempts)`, 'key');
      }
    });
  }
  out.push(...checkPaginateBatch(value, doc, text));
  return out;
}

const tzCache = new Map<string, boolean>();
function validTimeZone(tz: string): boolean {
  let ok = tzCache.get(tz);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      ok = true;
    } catch {
      ok = false;
    }
    tzCache.set(tz, ok);
  }
  return ok;
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

/**
 * A URL must be absolute http(s) once references are replaced: `vars.*` by each environment's
 * value, anything else by a placeholder. A URL that starts with a non-`vars` reference may take
 * its whole origin from it and is only checked for the rest.
 */
function checkUrl(out: Diagnostic[], doc: Document, text: string, path: Path, url: unknown, environments: Record<string, unknown> | undefined): void {
  if (typeof url !== 'string') return;
  const t = parseTemplate(url);
  if (t.problems.length > 0) return; // the reference checks report these
  const parts = t.parts;
  if (parts.length === 0) {
    out.push({ ...locate(doc, text, path, 'value'), severity: 'error', code: 'bad_url', message: `\`${pathLabel(path)}\` is empty: write an absolute http or https URL` });
    return;
  }
  const first = parts[0];
  const leadsWithOpaque = first.kind === 'ref' && first.root !== 'vars';
  if (leadsWithOpaque && parts.length === 1) return; // the whole URL comes from a secret or input
  const render = (vars: Record<string, unknown> | undefined): string | undefined => {
    let s = '';
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i];
      if (p.kind === 'literal') s += p.text;
      else if (i === 0 && p.root !== 'vars') s += 'https://placeholder.invalid';
      else if (p.root === 'vars') {
        let v: unknown = vars;
        for (const seg of p.path) v = isObj(v) && has(v, seg) ? v[seg] : undefined;
        if (v === undefined || v === null || typeof v === 'object') {
          if (i === 0) return undefined; // reported as unknown_var
          s += 'x';
        } else s += String(v);
      } else s += 'x';
    }
    return s;
  };
  const envs = environments ? Object.entries(environments) : [];
  const usesVars = parts.some((p) => p.kind === 'ref' && p.root === 'vars');
  const trials: Array<[string | undefined, Record<string, unknown> | undefined]> = usesVars && envs.length > 0 ? envs.map(([n, v]) => [n, isObj(v) ? v : undefined]) : [[undefined, undefined]];
  for (const [envName, vars] of trials) {
    const s = render(vars);
    if (s === undefined || isHttpUrl(s)) continue;
    const where = envName ? ` in environment \`${envName}\`` : '';
    const reason = /^[a-z][a-z0-9+.-]*:/i.test(s) && !/^https?:/i.test(s) ? ' (only http and https are supported)' : '';
    out.push({
      ...locate(doc, text, path, 'value'),
      severity: 'error',
      code: 'bad_url',
      message: `\`${pathLabel(path)}\` must be an absolute http or https URL like \`https://api.example.com/v1/items\`${where}${reason}`,
      ...(envName ? { data: { environment: envName } } : {}),
    });
    return;
  }
}

/** Why a file output's literal `path` would be refused at run time (src/core/output/contained.ts), or undefined. */
function outputPathProblem(path: string): string | undefined {
  try {
    const reserved = reservedTarget(pathSegments('/ion-folder', path));
    return reserved ? `the output path \`${path}\` ${reserved.message}: outputs never write there` : undefined;
  } catch (e) {
    if (e instanceof ContainmentError) return `the output path ${e.message}: outputs stay inside the integration's folder`;
    throw e;
  }
}
