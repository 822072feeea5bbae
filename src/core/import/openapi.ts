/**
 * One operation of an OpenAPI description (3.0, 3.1 or Swagger 2.0) as an integration file
 * (README, "Import from OpenAPI or Postman"; docs/reference.md, "`ion import`").
 *
 * The description is read and its `$ref`s resolved by `@apidevtools/swagger-parser` (internal
 * references and files relative to the description; http references are not fetched). The file:
 * method and URL (`{{ vars.baseUrl }}` from the servers, path parameters as `{{ input.NAME }}`),
 * required query and header parameters as inputs, a request body from the documented example (or
 * one built from the schema), auth from the operation's security scheme with `{{ secret.NAME }}`
 * references, `validate.response` from the 2xx response schema, a test from the documented
 * response example, and `docs` (summary, link to the operation, what could not be expressed).
 */
import { fileStem, integrationYaml, secretPrefix } from '../editor';
import { validateBody } from '../response-checks';
import { NAME_RE } from '../template';
import { boundedExample, exceedsNodes, isObj, sampleValue, schemaExample, toJsonSchema } from './json-schema';
import { slug } from './names';
import { mapSecurity, type Server } from './openapi-auth';
import { OpenApiImportError, type OpenApiDocument } from './openapi-load';

export { loadOpenApi, OpenApiImportError, type OpenApiDocument } from './openapi-load';

type Obj = Record<string, unknown>;

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export interface OperationInfo {
  /** The `operationId`, or `METHOD_PATH` (`get_/users/{id}`) when the operation has none. */
  id: string;
  method: string;
  path: string;
  summary?: string;
}

export interface ImportedFile {
  /** The integration's text. */
  yaml: string;
  /** Suggested file stem and `name`. */
  name: string;
  /** What could not be expressed, or what the user should check, one line each. */
  warnings: string[];
  /** The secrets the file references (to set before a real run). */
  secrets: Array<{ name: string; what: string }>;
}


function operationsOf(api: Obj): Array<OperationInfo & { op: Obj; pathItem: Obj }> {
  const out: Array<OperationInfo & { op: Obj; pathItem: Obj }> = [];
  const used = new Set<string>();
  for (const [path, pathItem] of Object.entries(isObj(api.paths) ? api.paths : {})) {
    if (!isObj(pathItem)) continue;
    for (const method of HTTP_METHODS) {
      const op = pathItem[method];
      if (!isObj(op)) continue;
      let id = typeof op.operationId === 'string' && op.operationId.trim() ? op.operationId.trim() : `${method}_${path}`;
      if (used.has(id)) {
        let i = 2;
        while (used.has(`${id}_${i}`)) i++;
        id = `${id}_${i}`;
      }
      used.add(id);
      const summary = typeof op.summary === 'string' ? op.summary : undefined;
      out.push({ id, method: method.toUpperCase(), path, summary, op, pathItem });
    }
  }
  return out;
}

/** Every operation, in the description's order. */
export function listOperations(api: Obj): OperationInfo[] {
  return operationsOf(api).map(({ id, method, path, summary }) => ({ id, method, path, ...(summary ? { summary } : {}) }));
}

/** `getPetById` → `get-pet-by-id`; `get_/users/{id}` → `get-users-id`. */
export function operationStem(id: string): string {
  return fileStem(id.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/[_/{}\s]+/g, '-'));
}

function isHttpUrl(s: unknown): s is string {
  return typeof s === 'string' && /^https?:\/\/[^\s/?#]+[^\s]*$/.test(s);
}

/** Literal text inside a template: a `{{` would be read as a reference. */
function literal(s: string): string {
  return s.replace(/\{\{/g, '\\{{');
}

function escapeDeep(v: unknown): unknown {
  if (typeof v === 'string') return literal(v);
  if (Array.isArray(v)) return v.map(escapeDeep);
  if (isObj(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, escapeDeep(x)]));
  return v;
}

function containsBraces(v: unknown): boolean {
  return JSON.stringify(v ?? null).includes('{{');
}

const PLACEHOLDER_ORIGIN = 'https://api.example.com';


function serversOf(api: Obj, op: Obj, pathItem: Obj, warnings: string[]): Server[] {
  const list = [op.servers, pathItem.servers, api.servers].find((s) => Array.isArray(s) && s.length > 0) as unknown[] | undefined;
  const raw: Array<{ url: string; description?: string }> = [];
  if (list) {
    for (const s of list) {
      if (!isObj(s) || typeof s.url !== 'string') continue;
      let url = s.url;
      if (isObj(s.variables)) {
        for (const [k, v] of Object.entries(s.variables)) if (isObj(v) && v.default !== undefined) url = url.split(`{${k}}`).join(String(v.default));
      }
      raw.push({ url, description: typeof s.description === 'string' ? s.description : undefined });
    }
  } else if (typeof api.swagger === 'string') {
    const scheme = Array.isArray(api.schemes) && api.schemes.length > 0 ? String(api.schemes.includes('https') ? 'https' : api.schemes[0]) : 'https';
    const basePath = typeof api.basePath === 'string' ? api.basePath : '';
    raw.push({ url: typeof api.host === 'string' ? `${scheme}://${api.host}${basePath}` : basePath });
  }
  if (raw.length === 0) raw.push({ url: '' });
  const used = new Set<string>();
  return raw.map((s, i) => {
    let url = s.url.replace(/\/+$/, '');
    if (!/^https?:\/\//i.test(url)) {
      const source = (api as OpenApiDocument).source;
      if (source && /^https?:\/\//.test(source)) url = new URL(url || '/', source).href.replace(/\/+$/, '');
      else {
        warnings.push(`the server URL ${s.url ? `\`${s.url}\` is relative` : 'is not given'}: set \`baseUrl\` in \`environments\` (${PLACEHOLDER_ORIGIN} is a placeholder)`);
        url = `${PLACEHOLDER_ORIGIN}${url.startsWith('/') || url === '' ? url : `/${url}`}`;
      }
    }
    const fromDescription = s.description ? slug(s.description).slice(0, 30).replace(/_+$/, '') : '';
    let env = i === 0 && !fromDescription ? 'production' : fromDescription || `server${i + 1}`;
    if (!NAME_RE.test(env)) env = `server${i + 1}`;
    while (used.has(env)) env = `${env}_${i + 1}`;
    used.add(env);
    return { env, url };
  });
}

interface Param {
  name: string;
  in: string;
  required: boolean;
  schema: unknown;
  raw: Obj;
}

function paramsOf(op: Obj, pathItem: Obj): Param[] {
  const byKey = new Map<string, Param>();
  for (const list of [pathItem.parameters, op.parameters]) {
    if (!Array.isArray(list)) continue;
    for (const p of list) {
      if (!isObj(p) || typeof p.name !== 'string' || typeof p.in !== 'string') continue;
      // Swagger 2.0 keeps the type on the parameter itself.
      const schema = isObj(p.schema) ? p.schema : p;
      byKey.set(`${p.in}:${p.name}`, { name: p.name, in: p.in, required: p.required === true || p.in === 'path', schema, raw: p });
    }
  }
  return [...byKey.values()];
}

function paramExample(p: Param): unknown {
  if (p.raw.example !== undefined && !exceedsNodes(p.raw.example)) return p.raw.example;
  if (isObj(p.raw.examples)) {
    const first = Object.values(p.raw.examples)[0];
    if (isObj(first) && first.value !== undefined && !exceedsNodes(first.value)) return first.value;
  }
  const v = sampleValue(p.schema);
  if (v === null || typeof v === 'object') return p.in === 'path' ? '1' : 'value';
  return v;
}

const JSON_TYPE = /^application\/(.+\+)?json\b|^\*\/\*$|^application\/\*$/i;

function pickJson(content: unknown): { type: string; media: Obj } | undefined {
  if (!isObj(content)) return undefined;
  for (const [type, media] of Object.entries(content)) if (JSON_TYPE.test(type) && isObj(media)) return { type, media };
  return undefined;
}

/** The media type's example, left out when it is too large once expanded (json-schema.ts, `MAX_NODES`). */
function mediaExample(media: Obj): { value: unknown } | undefined {
  return boundedExample(documentedMediaExample(media));
}

function documentedMediaExample(media: Obj): { value: unknown } | undefined {
  if (media.example !== undefined) return { value: media.example };
  if (isObj(media.examples)) {
    for (const ex of Object.values(media.examples)) if (isObj(ex) && ex.value !== undefined) return { value: ex.value };
  }
  // Not valid OpenAPI, but published descriptions do it: `examples` as a list.
  if (Array.isArray(media.examples) && media.examples.length > 0) {
    const first = media.examples[0];
    if (typeof first === 'string') {
      try {
        return { value: JSON.parse(first) as unknown };
      } catch {
        return undefined;
      }
    }
    return { value: first };
  }
  return undefined;
}

interface Body {
  body?: unknown;
  form?: Obj;
  text?: string;
  contentType?: string;
}

function requestBodyOf(op: Obj, params: Param[], notes: string[]): Body {
  if (isObj(op.requestBody) && isObj(op.requestBody.content)) {
    const content = op.requestBody.content;
    const json = pickJson(content);
    if (json) {
      const ex = mediaExample(json.media) ?? schemaExample(json.media.schema);
      const value = ex ? ex.value : sampleValue(json.media.schema);
      if (!ex) notes.push('The request body was built from its schema (the description has no example): fill in real values.');
      return { body: escapeDeep(value), ...(/^application\/json$/i.test(json.type) || json.type.includes('*') ? {} : { contentType: json.type }) };
    }
    const form = content['application/x-www-form-urlencoded'];
    if (isObj(form)) {
      const v = mediaExample(form)?.value ?? sampleValue(form.schema);
      const fields: Obj = {};
      if (isObj(v)) for (const [k, x] of Object.entries(v)) fields[k] = typeof x === 'object' && x !== null ? JSON.stringify(x) : x === null ? '' : x;
      return { form: escapeDeep(fields) as Obj };
    }
    const textType = Object.keys(content).find((t) => /^text\//i.test(t));
    if (textType) {
      const media = content[textType];
      const v = isObj(media) ? mediaExample(media)?.value : undefined;
      return { text: literal(typeof v === 'string' ? v : 'text'), contentType: textType };
    }
    notes.push(`The request body (${Object.keys(content).join(', ')}) cannot be expressed: a file only sends JSON, form or text bodies.`);
    return {};
  }
  // Swagger 2.0: a `body` parameter, or `formData` parameters.
  const bodyParam = params.find((p) => p.in === 'body');
  if (bodyParam) {
    const ex = schemaExample(bodyParam.schema) ?? boundedExample(bodyParam.raw['x-example'] !== undefined ? { value: bodyParam.raw['x-example'] } : undefined);
    if (!ex) notes.push('The request body was built from its schema (the description has no example): fill in real values.');
    return { body: escapeDeep(ex ? ex.value : sampleValue(bodyParam.schema)) };
  }
  const formParams = params.filter((p) => p.in === 'formData');
  if (formParams.length > 0) {
    const files = formParams.filter((p) => p.raw.type === 'file');
    if (files.length > 0) notes.push(`File upload fields (${files.map((p) => p.name).join(', ')}) cannot be expressed: a file sends urlencoded forms only.`);
    const fields: Obj = {};
    for (const p of formParams) if (p.raw.type !== 'file' && p.required) fields[p.name] = paramExample(p) as unknown;
    return Object.keys(fields).length > 0 ? { form: escapeDeep(fields) as Obj } : {};
  }
  return {};
}

function successResponse(op: Obj): { status?: number; response?: Obj } {
  const responses = isObj(op.responses) ? op.responses : {};
  const codes = Object.keys(responses).filter((c) => /^2\d\d$/.test(c)).sort();
  if (codes.length > 0) return { status: Number(codes[0]), response: isObj(responses[codes[0]]) ? (responses[codes[0]] as Obj) : undefined };
  const wildcard = Object.keys(responses).find((c) => /^2xx$/i.test(c));
  return wildcard && isObj(responses[wildcard]) ? { response: responses[wildcard] as Obj } : {};
}

function responseSchemaAndExample(api: Obj, response: Obj | undefined): { schema?: unknown; example?: { value: unknown } } {
  if (!response) return {};
  if (isObj(response.content)) {
    const json = pickJson(response.content);
    if (!json) return {};
    return { schema: json.media.schema, example: mediaExample(json.media) };
  }
  // Swagger 2.0: `schema` and `examples: { 'application/json': … }` on the response.
  const produces = Array.isArray(api.produces) ? (api.produces as unknown[]) : [];
  if (produces.length > 0 && !produces.some((p) => typeof p === 'string' && JSON_TYPE.test(p))) return {};
  const examples = isObj(response.examples) ? response.examples : {};
  const exKey = Object.keys(examples).find((k) => JSON_TYPE.test(k));
  return { schema: response.schema, example: exKey ? { value: examples[exKey] } : undefined };
}

function firstLine(s: string, max = 200): string {
  const line = s.trim().split(/\n\s*\n|\.\s|\n/)[0].trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

export interface FromOperationOptions {
  /** The integration's name (default: from the operation id). */
  name?: string;
  /** Prefix of the secret names (default: from the API's title). */
  secretPrefix?: string;
  /** An http(s) URL of the description, for `docs.apiDocs` when the operation has no `externalDocs`. */
  specUrl?: string;
}

export function integrationFromOperation(api: Obj, operationId: string, options: FromOperationOptions = {}): ImportedFile {
  const found = operationsOf(api).find((o) => o.id === operationId);
  if (!found) throw new OpenApiImportError(`no operation \`${operationId}\` (list them with \`ion import openapi DESCRIPTION\`)`);
  const { op, pathItem, method, path, id } = found;
  const warnings: string[] = [];
  const notes: string[] = [];
  const info = isObj(api.info) ? api.info : {};
  const title = typeof info.title === 'string' ? info.title : 'api';
  const name = options.name?.trim() || operationStem(id);
  const prefix = options.secretPrefix ?? secretPrefix(title.split(/\s+/).slice(0, 3).join('-'));

  const servers = serversOf(api, op, pathItem, warnings);
  const params = paramsOf(op, pathItem);

  // Inputs: path parameters, required query and header parameters.
  const inputs: Obj = {};
  const inputName = new Map<Param, string>();
  for (const p of params) {
    if (!(p.in === 'path' || (p.required && (p.in === 'query' || p.in === 'header')))) continue;
    let n = p.name.replace(/[^A-Za-z0-9_-]/g, '_');
    if (!NAME_RE.test(n)) n = `_${n}`;
    while (n in inputs) n = `${n}_${p.in}`;
    inputs[n] = paramExample(p);
    inputName.set(p, n);
  }
  const ref = (p: Param) => `{{ input.${inputName.get(p)} }}`;
  const url =
    '{{ vars.baseUrl }}' +
    path
      .split(/(\{[^}]+\})/)
      .map((part) => {
        const m = /^\{([^}]+)\}$/.exec(part);
        if (!m) return literal(part);
        const p = params.find((x) => x.in === 'path' && x.name === m[1]);
        if (p) return ref(p);
        let n = m[1].replace(/[^A-Za-z0-9_-]/g, '_');
        if (!NAME_RE.test(n)) n = `_${n}`;
        inputs[n] ??= '1';
        warnings.push(`the path parameter {${m[1]}} is not described: it is \`{{ input.${n} }}\``);
        return `{{ input.${n} }}`;
      })
      .join('');

  const query: Obj = {};
  const headers: Obj = {};
  const optional: string[] = [];
  for (const p of params) {
    if (p.in === 'query') {
      if (inputName.has(p)) query[p.name] = ref(p);
      else optional.push(p.name);
    } else if (p.in === 'header') {
      if (/^(authorization|content-type|accept|content-length)$/i.test(p.name)) continue;
      if (inputName.has(p)) headers[p.name] = ref(p);
    } else if (p.in === 'cookie') {
      notes.push(`The cookie parameter \`${p.name}\` is not sent: add a \`Cookie\` header if the API needs it.`);
    }
  }
  if (optional.length > 0) notes.push(`Optional query parameters, not sent: ${optional.join(', ')}.`);

  const security = mapSecurity(api, op, servers, prefix);
  notes.push(...security.notes);
  const body = requestBodyOf(op, params, notes);
  if (body.contentType) headers['Content-Type'] = body.contentType;

  const request: Obj = { method, url };
  if (Object.keys(headers).length > 0) request.headers = headers;
  if (Object.keys(query).length > 0) request.query = query;
  if (body.body !== undefined && body.body !== null) request.body = body.body;
  if (body.form) request.form = body.form;
  if (body.text !== undefined) request.text = body.text;

  // The 2xx response: its status, its schema (JSON Schema), its documented example as a test.
  const success = successResponse(op);
  const { schema, example } = responseSchemaAndExample(api, success.response);
  const validate: Obj = {};
  if (success.status !== undefined) validate.status = [success.status];
  let jsonSchema: Obj | boolean | undefined;
  if (schema !== undefined && isObj(schema)) {
    const conversion = { truncated: false };
    jsonSchema = toJsonSchema(schema, conversion);
    validate.response = jsonSchema;
    if (conversion.truncated) notes.push('The response schema is cut where it refers to itself or nests deeply (those parts accept anything).');
  }
  const tests: Obj[] = [];
  if (example !== undefined) {
    const verdict = jsonSchema !== undefined ? validateBody(example.value, jsonSchema) : { ok: true as const };
    if (containsBraces(example.value)) warnings.push('the documented response example contains `{{`: no test was written from it');
    else if (!verdict.ok) warnings.push(`the documented response example does not match the response schema (${verdict.issues[0]?.message ?? 'invalid'}): no test was written from it`);
    else {
      tests.push({
        name: 'documented example',
        ...(Object.keys(inputs).length > 0 ? { input: inputs } : {}),
        response: { status: success.status ?? 200, body: example.value },
        expect: { ok: true, ...(success.status !== undefined ? { status: success.status } : {}) },
      });
    }
  }

  // docs: the operation's own link, else the description's URL with the operation id.
  const apiDocs: string[] = [];
  const opDocs = isObj(op.externalDocs) ? op.externalDocs.url : undefined;
  if (isHttpUrl(opDocs)) apiDocs.push(opDocs);
  const specUrl = options.specUrl ?? (isHttpUrl((api as OpenApiDocument).source) ? (api as OpenApiDocument).source : undefined);
  if (apiDocs.length === 0 && isHttpUrl(specUrl)) apiDocs.push(`${specUrl.replace(/#.*$/, '')}#${encodeURIComponent(id)}`);
  const apiDoc = isObj(api.externalDocs) ? api.externalDocs.url : undefined;
  if (isHttpUrl(apiDoc) && !apiDocs.includes(apiDoc)) apiDocs.push(apiDoc);
  if (apiDocs.length === 0) warnings.push('the description gives no documentation URL: add one to `docs.apiDocs`');
  const summary = typeof op.summary === 'string' && op.summary.trim() ? op.summary.trim() : typeof op.description === 'string' && op.description.trim() ? firstLine(op.description) : `${method} ${path}`;
  const source: string | undefined = (api as OpenApiDocument).source;
  const sourceName = source === undefined ? undefined : /^https?:/.test(source) ? source : source.split(/[\\/]/).pop();

  const file: Obj = {
    version: 1,
    name,
    description: `${summary} (${title}: ${method} ${path}, imported from OpenAPI)`,
    pattern: ['GET', 'HEAD', 'OPTIONS'].includes(method) ? 'pull' : 'push',
    defaultEnvironment: servers[0].env,
    ...(Object.keys(inputs).length > 0 ? { trigger: { type: 'manual', input: inputs } } : {}),
    environments: Object.fromEntries(servers.map((s) => [s.env, { baseUrl: s.url }])),
    ...(security.auth ? { auth: security.auth } : {}),
    request,
    ...(Object.keys(validate).length > 0 ? { validate } : {}),
    docs: {
      summary,
      ...(apiDocs.length > 0 ? { apiDocs } : {}),
      ...(notes.length > 0 ? { notes: notes.join('\n') } : {}),
    },
    ...(tests.length > 0 ? { tests } : {}),
  };
  const comment = `Imported from ${sourceName ?? 'an OpenAPI description'} (operation ${id}).${security.secrets.length ? `\nSet the secrets before a real run: ${security.secrets.map((s) => s.name).join(', ')}.` : ''}`;
  warnings.push(...notes.map((n) => n.replace(/\.$/, '')));
  return { yaml: integrationYaml(file, comment), name, warnings, secrets: security.secrets };
}
