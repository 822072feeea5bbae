/**
 * A deliberately small stand-in used ONLY by these tests to check that the examples and the demo
 * API agree, and that each example's hand-written `expect` matches its own transform. It is not
 * the engine (that lives in src/core and is tested there): no retries policy, no sandbox, no
 * secret masking. Transforms run with `new Function` on our own example files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parseIntegration } from '../../../src/core/parse';
import type { Auth, IntegrationFile, JsonValue } from '../../../src/core/model';
import { parseTemplate } from '../../../src/core/template';

export const EXAMPLES_DIR = join(__dirname, '..', '..', '..', 'examples');

export interface Example {
  file: string;
  text: string;
  model: IntegrationFile;
}

export function exampleFiles(): string[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((f) => /\.ion\.ya?ml$/.test(f))
    .sort();
}

export function loadExample(file: string): Example {
  const text = readFileSync(join(EXAMPLES_DIR, file), 'utf8');
  const parsed = parseIntegration(text, { fileName: file });
  // YAML errors only: the format checks are the validator's tests (the lead adds "validates clean").
  const yamlErrors = parsed.diagnostics.filter((d) => d.code === 'yaml_syntax');
  if (yamlErrors.length || !parsed.value) throw new Error(`${file}: ${yamlErrors.map((d) => d.message).join('; ') || 'no value'}`);
  return { file, text, model: parsed.value };
}

export interface Scope {
  input: Record<string, JsonValue>;
  vars: Record<string, JsonValue>;
  secret: Record<string, string>;
}

function lookup(scope: Scope, root: string, path: string[]): unknown {
  if (root === 'now') return new Date().toISOString();
  if (root === 'nowUnix') return Math.floor(Date.now() / 1000);
  if (root === 'uuid') return crypto.randomUUID();
  let v: unknown = (scope as unknown as Record<string, unknown>)[root];
  for (const seg of path) v = (v as Record<string, unknown> | undefined)?.[seg];
  if (v === undefined) throw new Error(`unresolved {{ ${[root, ...path].join('.')} }}`);
  return v;
}

/** Resolves references: a value that is exactly one reference keeps its type. */
export function resolve(value: unknown, scope: Scope, encode = false): unknown {
  if (typeof value === 'string') {
    const t = parseTemplate(value);
    if (t.problems.length) throw new Error(t.problems[0].message);
    if (t.whole && t.parts[0].kind === 'ref') return lookup(scope, t.parts[0].root, t.parts[0].path);
    return t.parts
      .map((p) => {
        if (p.kind === 'literal') return p.text;
        const v = String(lookup(scope, p.root, p.path));
        return encode && p.root === 'input' ? encodeURIComponent(v) : v;
      })
      .join('');
  }
  if (Array.isArray(value)) return value.map((v) => resolve(v, scope, encode));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, scope, encode)]));
  return value;
}

export interface HttpCall {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** The request an example sends (before auth). */
export function buildRequest(model: IntegrationFile, scope: Scope): HttpCall {
  const r = model.request;
  const url = new URL(resolve(r.url, scope, true) as string);
  for (const [k, v] of Object.entries(r.query ?? {})) url.searchParams.set(k, String(resolve(v, scope)));
  const headers = Object.fromEntries(Object.entries(r.headers ?? {}).map(([k, v]) => [k, String(resolve(v, scope))]));
  let body: string | undefined;
  if (r.body !== undefined) {
    body = JSON.stringify(resolve(r.body, scope));
    headers['content-type'] = 'application/json';
  }
  if (r.idempotencyKey) headers['idempotency-key'] = String(resolve(r.idempotencyKey, scope));
  return { method: r.method ?? 'GET', url: url.toString(), headers, body };
}

/** Adds the auth to a call; `fetchToken` does the OAuth2 token request. */
export async function applyAuth(call: HttpCall, auth: Auth | undefined, scope: Scope, fetchToken: (url: string, form: Record<string, string>, headers: Record<string, string>) => Promise<string>): Promise<void> {
  if (!auth || auth.type === 'none') return;
  const r = (v: string | undefined) => (v === undefined ? undefined : String(resolve(v, scope)));
  switch (auth.type) {
    case 'bearer':
      call.headers.authorization = `Bearer ${r(auth.token)}`;
      return;
    case 'basic':
      call.headers.authorization = `Basic ${Buffer.from(`${r(auth.username)}:${r(auth.password)}`).toString('base64')}`;
      return;
    case 'apiKey':
      if (auth.in === 'header') call.headers[auth.name] = r(auth.value) as string;
      else {
        const u = new URL(call.url);
        u.searchParams.set(auth.name, r(auth.value) as string);
        call.url = u.toString();
      }
      return;
    case 'headers':
      for (const [k, v] of Object.entries(auth.headers)) call.headers[k] = r(v) as string;
      return;
    case 'oauth2': {
      const form: Record<string, string> = { grant_type: auth.grant };
      if (auth.scopes?.length) form.scope = auth.scopes.join(' ');
      if (auth.grant === 'refresh_token') form.refresh_token = r(auth.refreshToken) as string;
      const headers: Record<string, string> = {};
      const id = r(auth.clientId) as string;
      const secret = r(auth.clientSecret) ?? '';
      if ((auth.clientAuth ?? 'basic') === 'basic') headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
      else Object.assign(form, { client_id: id, client_secret: secret });
      call.headers.authorization = `Bearer ${await fetchToken(r(auth.tokenUrl) as string, form, headers)}`;
      return;
    }
  }
}

export interface TransformInput {
  body: string;
  json: unknown;
  status: number;
  headers: Record<string, string>;
  params: Record<string, JsonValue>;
  vars: Record<string, JsonValue>;
}

export function transformScript(model: IntegrationFile): string | undefined {
  const t = model.transform;
  if (t === undefined) return undefined;
  return typeof t === 'string' ? t : t.script;
}

/** Runs the example's transform in plain Node (our own files; the product runs it in QuickJS). */
export async function runTransform(model: IntegrationFile, input: TransformInput): Promise<unknown> {
  const script = transformScript(model);
  if (script === undefined) return input.json === undefined ? input.body : input.json;
  const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<unknown>;
  const fn = new AsyncFunction('input', 'console', script);
  const out = await fn(structuredClone(input), { log: () => undefined });
  return out === undefined ? null : out;
}

export function transformInput(status: number, headers: Record<string, string>, body: string, params: Record<string, JsonValue>, vars: Record<string, JsonValue>): TransformInput {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { body, json, status, headers: lower, params, vars };
}

const ajv = new Ajv({ allErrors: true, strict: false });

/** ajv's error text, or undefined when `value` matches `schema` (an absent schema matches). */
export function schemaErrors(schema: unknown, value: unknown): string | undefined {
  if (schema === undefined) return undefined;
  const validate = ajv.compile(schema as object);
  return validate(value) ? undefined : ajv.errorsText(validate.errors);
}

/** Whether `status` is a success for the example (`validate.status`, or any 2xx). */
export function statusAccepted(model: IntegrationFile, status: number): boolean {
  const listed = model.validate?.status;
  return listed ? listed.includes(status) : status >= 200 && status < 300;
}

/** Every `{{ secret.NAME }}` in the file's text. */
export function secretNames(text: string): string[] {
  return [...new Set([...text.matchAll(/\{\{\s*secret\.([A-Za-z_][A-Za-z0-9_-]*)\s*\}\}/g)].map((m) => m[1]))].sort();
}
