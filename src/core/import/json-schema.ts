/**
 * OpenAPI schemas (already dereferenced: plain objects, possibly cyclic) as the JSON Schema
 * (draft-07) that `validate.response` takes (docs/reference.md, "validate"), and sample values
 * built from them for request bodies and test inputs.
 *
 * What changes: `nullable: true` becomes a `null` type; OpenAPI-only keywords (`discriminator`,
 * `xml`, `example`, `externalDocs`, `x-*`) and annotations (`description`, `title`, `examples`)
 * are dropped; a 3.0 boolean `exclusiveMinimum`/`exclusiveMaximum` becomes the draft-07 number;
 * Swagger 2.0's `type: file` is dropped; a `pattern` the linear-time engine cannot run is dropped;
 * a cycle becomes `{}` (anything) and so does what lies deeper than `MAX_DEPTH`, to keep the file
 * readable.
 */
import { patternProblem } from '../response-checks';

type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Nesting of schemas kept in `validate.response`; deeper ones accept anything. */
export const MAX_DEPTH = 8;

/**
 * Values walked in one schema or example. A description's YAML aliases and `$ref`s are shared
 * objects: ten aliases of ten aliases, a dozen levels deep, are 10^12 values once walked. Past this
 * budget a schema is cut (`{}`, anything) and an example is left out, in milliseconds.
 */
export const MAX_NODES = 100_000;
/** Schemas converted for `validate.response` and sample values built from a schema: 2,000 each. */
export const MAX_SCHEMA_NODES = 2_000;

/** Whether `value` holds more than `max` values once expanded (a cycle counts as endless). */
export function exceedsNodes(value: unknown, max = MAX_NODES): boolean {
  const stack: unknown[] = [value];
  let n = 0;
  while (stack.length > 0) {
    const v = stack.pop();
    if (++n + stack.length > max) return true;
    if (Array.isArray(v)) for (const x of v) stack.push(x);
    else if (isObj(v)) for (const x of Object.values(v)) stack.push(x);
  }
  return false;
}

/** `{ value }` unless the value is too large once expanded (`exceedsNodes`). */
export function boundedExample(example: { value: unknown } | undefined): { value: unknown } | undefined {
  return example === undefined || exceedsNodes(example.value) ? undefined : example;
}

const DROP = new Set(['discriminator', 'xml', 'example', 'examples', 'externalDocs', 'description', 'title', 'nullable', 'deprecated', 'readOnly', 'writeOnly', '$schema', '$id', '$comment', 'collectionFormat', 'contentEncoding', 'contentMediaType']);
const SCHEMA_MAP = new Set(['properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas']);
const SCHEMA_LIST = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);
const SCHEMA_ONE = new Set(['items', 'additionalProperties', 'additionalItems', 'not', 'contains', 'propertyNames', 'if', 'then', 'else', 'unevaluatedProperties', 'unevaluatedItems']);

export interface SchemaConversion {
  /** Set when a cycle or the depth limit cut the schema. */
  truncated: boolean;
}

export function toJsonSchema(schema: unknown, info: SchemaConversion = { truncated: false }): Obj | boolean {
  let nodes = 0;
  const convert = (node: unknown, depth: number, seen: Set<unknown>): Obj | boolean => {
    if (typeof node === 'boolean') return node;
    if (!isObj(node)) return {};
    if (seen.has(node) || depth > MAX_DEPTH || ++nodes > MAX_SCHEMA_NODES) {
      info.truncated = true;
      return {};
    }
    const inner = new Set(seen).add(node);
    const out: Obj = {};
    for (const [k, v] of Object.entries(node)) {
      if (DROP.has(k) || k.startsWith('x-') || k === '$ref') continue;
      if (SCHEMA_MAP.has(k) && isObj(v)) {
        const m: Obj = {};
        for (const [name, s] of Object.entries(v)) {
          if (k === 'patternProperties' && patternProblem(name)) continue;
          m[name] = convert(s, depth + 1, inner);
        }
        out[k] = m;
      } else if (SCHEMA_LIST.has(k) && Array.isArray(v)) {
        // `prefixItems` (2020-12) is the draft-07 list form of `items`.
        out[k === 'prefixItems' ? 'items' : k] = v.map((s) => convert(s, depth + 1, inner));
      } else if (SCHEMA_ONE.has(k) && (isObj(v) || typeof v === 'boolean')) {
        out[k] = convert(v, depth + 1, inner);
      } else if (k === 'items' && Array.isArray(v)) {
        out[k] = v.map((s) => convert(s, depth + 1, inner));
      } else if (k === 'type') {
        if (v === 'file') continue;
        out.type = v;
      } else if (k === 'pattern') {
        if (typeof v === 'string' && !patternProblem(v)) out.pattern = v;
      } else if ((k === 'exclusiveMinimum' || k === 'exclusiveMaximum') && typeof v === 'boolean') {
        const bound = k === 'exclusiveMinimum' ? 'minimum' : 'maximum';
        if (v && typeof node[bound] === 'number') out[k] = node[bound];
      } else if (k === 'required') {
        if (Array.isArray(v) && v.length > 0) out.required = v;
      } else {
        out[k] = v;
      }
    }
    for (const k of ['exclusiveMinimum', 'exclusiveMaximum'] as const) {
      const bound = k === 'exclusiveMinimum' ? 'minimum' : 'maximum';
      if (typeof out[k] === 'number' && node[k] === true) delete out[bound];
    }
    if (node.nullable === true) {
      if (typeof out.type === 'string') out.type = [out.type, 'null'];
      else if (Array.isArray(out.type) && !out.type.includes('null')) out.type = [...out.type, 'null'];
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    }
    return out;
  };
  return convert(schema, 0, new Set());
}

/** A documented example of a schema (`example`, the first of `examples`, `default`, `const`, the first `enum`). */
export function schemaExample(schema: unknown): { value: unknown } | undefined {
  return boundedExample(documentedExample(schema));
}

function documentedExample(schema: unknown): { value: unknown } | undefined {
  if (!isObj(schema)) return undefined;
  if (schema.example !== undefined) return { value: schema.example };
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return { value: schema.examples[0] };
  if (schema['x-example'] !== undefined) return { value: schema['x-example'] };
  if (schema.default !== undefined) return { value: schema.default };
  if (schema.const !== undefined) return { value: schema.const };
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return { value: schema.enum[0] };
  return undefined;
}

function typeOf(schema: Obj): string | undefined {
  if (typeof schema.type === 'string') return schema.type;
  if (Array.isArray(schema.type)) return schema.type.find((t) => t !== 'null') as string | undefined;
  if (isObj(schema.properties)) return 'object';
  if (schema.items !== undefined) return 'array';
  return undefined;
}

const FORMAT_SAMPLES: Record<string, string> = {
  'date-time': '2024-01-01T00:00:00Z',
  date: '2024-01-01',
  time: '00:00:00Z',
  email: 'user@example.com',
  uuid: '00000000-0000-0000-0000-000000000000',
  uri: 'https://example.com',
  url: 'https://example.com',
  hostname: 'example.com',
  ipv4: '192.0.2.1',
  ipv6: '2001:db8::1',
};

/**
 * A value that fits the schema, from its examples where it has them: an object gets its required
 * properties (all of them when none is required), an array one item.
 */
export function sampleValue(schema: unknown, depth = 0, seen: Set<unknown> = new Set(), budget = { left: MAX_SCHEMA_NODES }): unknown {
  if (!isObj(schema) || seen.has(schema) || depth > 6 || --budget.left < 0) return null;
  const documented = schemaExample(schema);
  if (documented) return documented.value;
  const inner = new Set(seen).add(schema);
  if (Array.isArray(schema.allOf)) {
    const merged: Obj = {};
    let any = false;
    for (const part of schema.allOf) {
      const v = sampleValue(part, depth + 1, inner, budget);
      if (isObj(v)) {
        Object.assign(merged, v);
        any = true;
      } else if (v !== null && !any) return v;
    }
    if (any) return merged;
  }
  for (const k of ['oneOf', 'anyOf'] as const) {
    const list = schema[k];
    if (Array.isArray(list) && list.length > 0) return sampleValue(list[0], depth + 1, inner, budget);
  }
  switch (typeOf(schema)) {
    case 'object': {
      const props = isObj(schema.properties) ? schema.properties : {};
      const required = Array.isArray(schema.required) ? (schema.required as unknown[]).filter((r): r is string => typeof r === 'string') : [];
      const names = required.length > 0 ? required : Object.keys(props);
      const out: Obj = {};
      for (const n of names) {
        const p = props[n];
        if (isObj(p) && p.readOnly === true) continue;
        out[n] = p === undefined ? null : sampleValue(p, depth + 1, inner, budget);
      }
      return out;
    }
    case 'array':
      return [sampleValue(schema.items, depth + 1, inner, budget)].filter((v) => v !== null);
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 1;
    case 'boolean':
      return true;
    case 'string':
      return FORMAT_SAMPLES[String(schema.format)] ?? 'string';
    default:
      return null;
  }
}
