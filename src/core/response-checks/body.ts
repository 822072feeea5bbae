/** `validate.response`: the parsed body against a JSON Schema; each failure with its JSON pointer. */
import type { JsonSchema } from '../model';
import type { ValidationIssue } from '../result';
import { compileSchema, describeAjvError } from './schema-cache';

export type BodyVerdict = { ok: true } | { ok: false; issues: ValidationIssue[]; schemaError?: string };

const MAX_ISSUES = 50;

/** `json` is the parsed body, or undefined when the body is not JSON. */
export function validateBody(json: unknown, schema: JsonSchema, label = 'the response body'): BodyVerdict {
  const compiled = compileSchema(schema);
  if (!compiled.ok) {
    return { ok: false, schemaError: compiled.message, issues: [{ message: `the schema cannot be used: ${compiled.message}`, path: '' }] };
  }
  if (json === undefined) return { ok: false, issues: [{ message: `${label} is not JSON, so it cannot match the schema`, path: '' }] };
  if (compiled.validate(json)) return { ok: true };
  const issues = (compiled.validate.errors ?? []).slice(0, MAX_ISSUES).map(describeAjvError);
  return { ok: false, issues };
}
