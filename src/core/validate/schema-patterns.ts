/**
 * The patterns of the JSON Schemas a file carries (`validate.response`, `output.schema`) are
 * checked with the same function a run compiles them with (src/core/response-checks/safe-regex.ts):
 * a `pattern` or `patternProperties` key the linear-time engine cannot run is `bad_pattern` at that
 * pattern, so `ion validate` reports what `ion run` would refuse. (The validator does not load
 * ajv's compiler, which the editor and `ion validate` never pay for.)
 */
import type { Document } from 'yaml';
import type { Diagnostic } from '../diagnostics';
import { patternProblem } from '../response-checks/safe-regex';
import { locate } from './ranges';

type Path = Array<string | number>;

/** Keywords whose values are data, not schemas: not searched for patterns. */
const DATA_KEYWORDS = new Set(['enum', 'const', 'default', 'examples', 'example']);

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkOne(schema: unknown, at: Path, doc: Document, text: string, out: Diagnostic[]): void {
  const stack: Array<[unknown, Path]> = [[schema, at]];
  while (stack.length > 0) {
    const [node, path] = stack.pop() as [unknown, Path];
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push([node[i], [...path, i]]);
      continue;
    }
    if (!isObj(node)) continue;
    for (const [k, v] of Object.entries(node)) {
      if (DATA_KEYWORDS.has(k)) continue;
      if (k === 'pattern' && typeof v === 'string') {
        const problem = patternProblem(v);
        if (problem) {
          out.push({ ...locate(doc, text, [...path, k], 'value'), severity: 'error', code: 'bad_pattern', message: `pattern \`${v.length > 60 ? `${v.slice(0, 60)}…` : v}\` cannot be used: ${problem}` });
        }
      }
      if (k === 'patternProperties' && isObj(v)) {
        for (const p of Object.keys(v)) {
          const problem = patternProblem(p);
          if (problem) {
              out.push({ ...locate(doc, text, [...path, k, p], 'key'), severity: 'error', code: 'bad_pattern', message: `pattern \`${p.length > 60 ? `${p.slice(0, 60)}…` : p}\` cannot be used: ${problem}` });
          }
        }
      }
      if (typeof v === 'object' && v !== null) stack.push([v, [...path, k]]);
    }
  }
}

export function checkSchemaPatterns(value: Record<string, unknown>, doc: Document, text: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const validate = value.validate;
  if (isObj(validate) && (isObj(validate.response) || typeof validate.response === 'boolean')) checkOne(validate.response, ['validate', 'response'], doc, text, out);
  const output = value.output;
  if (isObj(output) && (isObj(output.schema) || typeof output.schema === 'boolean')) checkOne(output.schema, ['output', 'schema'], doc, text, out);
  return out;
}
