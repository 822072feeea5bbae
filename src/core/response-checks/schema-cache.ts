/**
 * JSON Schemas of `validate.response` and `output.schema`, compiled with ajv once per schema object,
 * lazily (a WeakMap keyed by the object the parsed file holds), so 2,000 runs compile once.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { JsonSchema } from '../model';
import { safeRegExp } from './safe-regex';

let ajv: Ajv | undefined;

function instance(): Ajv {
  ajv ??= new Ajv({ allErrors: true, strict: false, logger: false, code: { regExp: safeRegExp } });
  return ajv;
}

export type Compiled = { ok: true; validate: ValidateFunction } | { ok: false; message: string };

const byObject = new WeakMap<object, Compiled>();
const byBoolean = new Map<boolean, Compiled>();

/** The compiled validator for `schema`, or why it cannot be compiled. Never throws. */
export function compileSchema(schema: JsonSchema): Compiled {
  const cache = typeof schema === 'object' && schema !== null ? byObject : undefined;
  const hit = cache ? cache.get(schema as object) : byBoolean.get(schema as boolean);
  if (hit) return hit;
  let compiled: Compiled;
  try {
    compiled = { ok: true, validate: instance().compile(schema as object) };
  } catch (e) {
    compiled = { ok: false, message: e instanceof Error ? e.message.split('\n')[0] : String(e) };
  }
  if (cache) cache.set(schema as object, compiled);
  else byBoolean.set(schema as boolean, compiled);
  return compiled;
}

/** An ajv error as a sentence that names the field, and the JSON pointer of the failing value. */
export function describeAjvError(e: ErrorObject): { message: string; path: string } {
  const path = e.instancePath;
  const segments = path.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const field = segments.length > 0 ? segments[segments.length - 1] : undefined;
  const params = e.params as Record<string, unknown>;
  const where = field === undefined ? 'the body' : `\`${field}\``;
  switch (e.keyword) {
    case 'required':
      return { message: `missing required field \`${String(params.missingProperty)}\`${field === undefined ? '' : ` in ${where}`}`, path };
    case 'additionalProperties':
      return { message: `unexpected field \`${String(params.additionalProperty)}\`${field === undefined ? '' : ` in ${where}`}`, path };
    case 'type':
      return { message: `${where} must be ${String(params.type)}`, path };
    default:
      return { message: `${where} ${e.message ?? `fails ${e.keyword}`}`, path };
  }
}
