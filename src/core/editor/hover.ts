/**
 * Hover as plain data (markdown and the offsets it covers): the schema's documentation for keys;
 * a cron expression in words with its next five runs; `{{ vars.x }}` per environment;
 * `{{ secret.x }}` set or not (never the value) and its allowed origins.
 */
import { Cron } from 'croner';
import cronstrue from 'cronstrue';
import type { ParsedIntegration } from '../parse';
import { parseTemplate, secretEnvName, type RefPart } from '../template';
import { checkCron } from '../validate/cron';
import { scalarOffsets } from '../validate/ranges';
import { referencesAllowed } from '../validate/references';
import { schemaAt } from '../validate/schema-nav';
import { isFreeData } from '../validate/tojs';
import { locateAt } from './locate';
import { documentation, environmentsOf, inputKeysOf } from './schema-docs';

export interface HoverResult {
  markdown: string;
  start: number;
  end: number;
}

export interface HoverEnv {
  /** "Now", for the next run times (injected so tests do not depend on the clock). */
  now: Date;
  /** Names in SecretStorage (`NAME` and `NAME@env`), never values. */
  secretNames: readonly string[];
  /** Origins "Always" allowed for a secret. */
  origins(name: string): readonly string[];
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function code(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  const short = s.length > 120 ? `${s.slice(0, 117)}…` : s;
  return `\`${short.replace(/`/g, "'")}\``;
}

/** `2024-01-06 23:00 Sat` in `timeZone` (local time when undefined). */
export function formatRun(d: Date, timeZone?: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    weekday: 'short',
    hourCycle: 'h23',
  }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')} ${get('weekday')}`;
}

/** The cron expression in words and its next runs, or its problems. */
export function describeCron(expr: string, timeZone: string | undefined, now: Date, count = 5): string {
  const problems = checkCron(expr);
  if (problems.length > 0) return `**Cron** \`${expr}\`: ${problems[0].message}`;
  let words: string;
  try {
    words = cronstrue.toString(expr, { use24HourTimeFormat: true, verbose: false });
  } catch {
    words = expr;
  }
  const zone = timeZone ?? 'local time';
  const lines = [`**Cron** \`${expr.trim()}\`: ${words} (${zone})`];
  try {
    const runs = new Cron(expr.trim(), { timezone: timeZone, paused: true, mode: '5-part' }).nextRuns(count, now);
    lines.push('', `Next ${runs.length} runs:`, ...runs.map((r) => `- ${formatRun(r, timeZone)}`));
  } catch {
    // croner refuses a few forms checkCron accepts: the words are still right.
  }
  return lines.join('\n');
}

function refHover(ref: RefPart, root: unknown, env: HoverEnv): string {
  switch (ref.root) {
    case 'vars': {
      const envs = environmentsOf(root);
      const key = ref.path.join('.');
      if (envs.length === 0) return `**vars.${key}**: there is no \`environments:\` block.`;
      const rows = envs.map(([name, vars]) => {
        let v: unknown = vars;
        for (const seg of ref.path) v = isObj(v) && Object.prototype.hasOwnProperty.call(v, seg) ? v[seg] : undefined;
        return `| \`${name}\` | ${v === undefined ? '_not defined_' : code(v)} |`;
      });
      return [`**vars.${key}** in each environment`, '', '| environment | value |', '|---|---|', ...rows].join('\n');
    }
    case 'secret': {
      const name = ref.path[0] ?? '';
      const plain = env.secretNames.includes(name);
      const scoped = env.secretNames.filter((n) => n.startsWith(`${name}@`)).map((n) => n.slice(name.length + 1));
      const state = plain
        ? `set in SecretStorage${scoped.length ? ` (and for ${scoped.map((s) => `\`${s}\``).join(', ')})` : ''}`
        : scoped.length
          ? `set only for ${scoped.map((s) => `\`${s}\``).join(', ')}`
          : '**not set**: run "Gateway Ion: Set Secret"';
      const origins = env.origins(name);
      const where = origins.length ? `May be sent to: ${origins.map((o) => `\`${o}\``).join(', ')}` : 'No origin allowed yet: the first run asks before sending it.';
      return [`**secret.${name}**: ${state}.`, '', where, '', `In the CLI: \`${secretEnvName(name)}\`.`].join('\n');
    }
    case 'input': {
      const inputs = inputKeysOf(root);
      const k = ref.path[0] ?? '';
      const example = inputs.has(k) ? ` Example: ${code(inputs.get(k))}.` : ' Not given by `trigger.input` or any test: it must come from `--input`.';
      return `**input.${k}**: the run's input (\`trigger.input\`, \`--input\` or a test's \`input\`).${example}`;
    }
    case 'batch':
      return ref.path[0] === 'index'
        ? "**batch.index**: the 0-based index of the chunk this request sends (`batch:`)."
        : '**batch.items**: the chunk of `batch.over` this request sends (`batch.size` items at most); one request per chunk, results in input order.';
    case 'env':
      return `**env.${ref.path[0] ?? ''}**: read from the process environment (only \`ION_*\` names); an unset one fails the run with \`env_missing\`.`;
    case 'uuid':
      return '**uuid**: a new UUID for each run.';
    case 'now':
      return '**now**: the time of the run, ISO 8601 UTC.';
    case 'nowUnix':
      return '**nowUnix**: the time of the run, seconds since 1970-01-01 UTC.';
    default:
      return `\`${ref.expr}\` is not a known reference.`;
  }
}

export function hoverAt(parsed: ParsedIntegration, offset: number, env: HoverEnv): HoverResult | undefined {
  const at = locateAt(parsed.doc, offset);
  if (!at) return undefined;
  const root = parsed.value;
  if (at.on === 'key') {
    if (isFreeData(at.path.slice(0, -1)) && at.path.length > 1) return undefined;
    const doc = documentation(schemaAt(at.path, root));
    return doc ? { markdown: doc, start: at.start, end: at.end } : undefined;
  }
  const scalar = at.scalar;
  if (!scalar) return undefined;
  if (typeof scalar.value === 'string' && scalar.value.includes('{{') && referencesAllowed(at.path) && !isFreeData(at.path)) {
    const map = scalarOffsets(parsed.text, scalar);
    if (map) {
      for (const part of parseTemplate(scalar.value).parts) {
        if (part.kind !== 'ref') continue;
        const start = map(part.start);
        const end = map(part.end);
        if (offset >= start && offset <= end) return { markdown: refHover(part, root, env), start, end };
      }
    }
  }
  const [a, b] = at.path;
  if (a === 'trigger' && b === 'cron' && at.path.length === 2 && typeof scalar.value === 'string') {
    const trigger: Record<string, unknown> = isObj(root) && isObj(root.trigger) ? root.trigger : {};
    const tz = typeof trigger.timezone === 'string' ? trigger.timezone : undefined;
    return { markdown: describeCron(scalar.value, tz, env.now), start: at.start, end: at.end };
  }
  // A value of an enum: the meaning of that value.
  const s = schemaAt(at.path, root);
  if (s && Array.isArray(s.enum) && Array.isArray(s.markdownEnumDescriptions)) {
    const i = s.enum.indexOf(scalar.value);
    const d = (s.markdownEnumDescriptions as string[])[i];
    if (i >= 0 && d) return { markdown: `\`${String(scalar.value)}\`: ${d}`, start: at.start, end: at.end };
  }
  return undefined;
}
