/**
 * Checks the plain value against the compiled schema (scripts/gen-schema-validator.mjs) and turns
 * ajv's errors into positioned messages a person understands, one per problem: `if` noise from
 * the `type`-discriminated unions is dropped, durations and sizes get their own wording, unknown
 * keys and bad enum values get a "did you mean".
 */
import type { ErrorObject } from 'ajv';
import type { Document } from 'yaml';
import type { Diagnostic } from '../diagnostics';
import validateIntegration from '../generated/integration-validator';
import { allowedKeys } from './schema-nav';
import { locate, pathLabel } from './ranges';
import { didYouMean } from './suggest';

/** More than this many schema errors means the file is something else entirely: stop there. */
const MAX_SCHEMA_ERRORS = 200;

function segments(root: unknown, pointer: string): Array<string | number> {
  if (pointer === '') return [];
  const out: Array<string | number> = [];
  let v: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(v)) {
      out.push(Number(seg));
      v = v[Number(seg)];
    } else {
      out.push(seg);
      v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[seg] : undefined;
    }
  }
  return out;
}

function valueAt(root: unknown, path: ReadonlyArray<string | number>): unknown {
  let v = root;
  for (const seg of path) v = v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[seg] : undefined;
  return v;
}

const TYPE_WORDS: Record<string, string> = {
  object: 'a map',
  array: 'a list',
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  null: 'empty',
  decimal: 'a decimal number',
};

function typeOf(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function orList(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

const DURATION_TEXT = 'a duration like `500ms`, `10s` or `2m` (or a number of milliseconds)';
const SIZE_TEXT = 'a size like `512KB` or `10MB` (or a number of bytes)';

export function checkSchema(value: unknown, doc: Document, text: string): Diagnostic[] {
  if (validateIntegration(value)) return [];
  const out: Diagnostic[] = [];
  const errors = (validateIntegration.errors ?? []) as ErrorObject[];
  for (const e of errors) {
    if (out.length >= MAX_SCHEMA_ERRORS) break;
    const d = toDiagnostic(e, value, doc, text);
    if (d) out.push(d);
  }
  // A typo is one problem: "unknown key `tokn`: did you mean `token`?" makes "missing `token`" noise.
  const typos = new Set(out.filter((d) => d.code === 'unknown_key' && d.data?.suggestion).map((d) => `${String(d.data?.parent)}\u0000${String(d.data?.suggestion)}`));
  return out.filter((d) => !(d.code === 'missing_key' && typos.has(`${String(d.data?.parent)}\u0000${String(d.data?.key)}`)));
}

function toDiagnostic(e: ErrorObject, root: unknown, doc: Document, text: string): Diagnostic | undefined {
  if (e.keyword === 'if' || e.keyword === 'propertyNames') return undefined;
  const path = segments(root, e.instancePath);
  const label = pathLabel(path);
  const actual = valueAt(root, path);
  const make = (code: string, message: string, range: { start: number; end: number }, data?: Record<string, unknown>): Diagnostic => ({
    start: range.start,
    end: range.end,
    severity: 'error',
    code,
    message,
    ...(data ? { data } : {}),
  });
  const at = (p: ReadonlyArray<string | number>, prefer: 'value' | 'key') => locate(doc, text, p, prefer);

  // A property name that breaks a pattern (environment and variable names).
  if (e.propertyName !== undefined) {
    const name = e.propertyName;
    return make(
      'bad_name',
      `\`${name}\` in \`${label}\` is not a valid name: use letters, digits, \`_\` and \`-\`, starting with a letter or \`_\``,
      at([...path, name], 'key'),
    );
  }
  const isDuration = e.schemaPath.startsWith('#/definitions/duration/');
  const isSize = e.schemaPath.startsWith('#/definitions/size/');
  if (isDuration) return make('bad_duration', `\`${label}\` must be ${DURATION_TEXT}`, at(path, 'value'));
  if (isSize) return make('bad_size', `\`${label}\` must be ${SIZE_TEXT}`, at(path, 'value'));

  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      const allowed = allowedKeys(path, root);
      const dym = didYouMean(key, allowed);
      const where = path.length === 0 ? '' : ` in \`${label}\``;
      const tail = dym.text || (allowed.length > 0 && allowed.length <= 12 ? ` (allowed: ${allowed.join(', ')})` : '');
      return make('unknown_key', `unknown key \`${key}\`${where}${tail}`, at([...path, key], 'key'), {
        key,
        parent: e.instancePath,
        ...(dym.suggestion ? { suggestion: dym.suggestion } : {}),
      });
    }
    case 'required': {
      const missing = String((e.params as { missingProperty: string }).missingProperty);
      const where = path.length === 0 ? '' : ` in \`${label}\``;
      const hint = path.length === 0 ? missing === 'request' ? ' (every integration has `version: 1`, a `name` and a `request`, unless its trigger is a webhook)' : ' (every integration has `version: 1`, a `name` and a `request`)' : '';
      return make('missing_key', `missing \`${missing}\`${where}${hint}`, at(path, 'key'), { key: missing, parent: e.instancePath });
    }
    case 'type': {
      const want = String((e.params as { type: string | string[] }).type)
        .split(',')
        .map((t) => TYPE_WORDS[t] ?? t);
      const got = typeOf(actual) === 'number' ? 'decimal' : typeOf(actual);
      let message = got === 'null' ? `\`${label}\` is empty: it must be ${orList(want)}` : `\`${label}\` must be ${orList(want)}, not ${TYPE_WORDS[got] ?? got}`;
      if (want.includes('text') && (got === 'integer' || got === 'number' || got === 'boolean')) message += ' (put it in quotes)';
      if (path.length === 0) message = got === 'null' ? 'the file is empty' : `the file must be a map of keys (\`version\`, \`name\`, \`request\`, …), not ${TYPE_WORDS[got] ?? got}`;
      return make('wrong_type', message, at(path, 'value'));
    }
    case 'enum': {
      const allowed = ((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map(String);
      const dym = typeof actual === 'string' ? didYouMean(actual, allowed) : { text: '' };
      const list = allowed.length <= 20 ? `one of ${allowed.join(', ')}` : 'a known value';
      return make('bad_value', `\`${label}\` must be ${list}${dym.text}`, at(path, 'value'), {
        allowed,
        ...('suggestion' in dym && dym.suggestion ? { suggestion: dym.suggestion } : {}),
      });
    }
    case 'const': {
      const v = (e.params as { allowedValue: unknown }).allowedValue;
      const extra = path.length === 1 && path[0] === 'version' ? ' (the only format version)' : '';
      return make('bad_value', `\`${label}\` must be ${JSON.stringify(v)}${extra}`, at(path, 'value'));
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const limit = (e.params as { limit: number }).limit;
      const word = e.keyword === 'minimum' ? 'at least' : e.keyword === 'maximum' ? 'at most' : e.keyword === 'exclusiveMinimum' ? 'more than' : 'less than';
      const what = /\/status\//.test(e.schemaPath) || e.schemaPath.startsWith('#/definitions/status') ? ' (an HTTP status code is 100-599)' : '';
      return make('out_of_range', `\`${label}\` must be ${word} ${limit}${what}`, at(path, 'value'));
    }
    case 'minLength':
      return make('bad_value', `\`${label}\` must not be empty`, at(path, 'value'));
    case 'maxLength':
      return make('bad_value', `\`${label}\` is too long (at most ${(e.params as { limit: number }).limit} characters)`, at(path, 'value'));
    case 'minItems':
      return make('bad_value', `\`${label}\` must list at least ${(e.params as { limit: number }).limit} entry`, at(path, 'value'));
    case 'pattern':
      if (e.schemaPath.startsWith('#/definitions/name/')) {
        return make('bad_name', `\`${label}\` must be a name: letters, digits, \`_\` and \`-\`, starting with a letter or \`_\``, at(path, 'value'));
      }
      return make('bad_value', `\`${label}\` has the wrong form`, at(path, 'value'));
    default:
      return make('bad_value', `\`${label}\` is not valid here (${e.keyword})`, at(path, 'value'));
  }
}
