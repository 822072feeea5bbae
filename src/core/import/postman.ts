/**
 * A Postman collection (format v2.1, and v2.0's object-style auth) as integration files, one per
 * request (README, "Import from OpenAPI or Postman").
 *
 * - Requests in nested folders; file names are the folder path and the request name.
 * - Auth at collection, folder or request level, inherited as Postman does (`noauth` stops it).
 * - Variables: collection, environment file and globals (that order of precedence, lowest first)
 *   become `vars` of one environment; `{{name}}` becomes `{{ vars.name }}`, `{{$guid}}` `{{ uuid }}`.
 * - Every credential (auth fields, secret-looking variables and headers) becomes a
 *   `{{ secret.NAME }}` reference; its value is never written anywhere.
 * - Pre-request and test scripts (collection, folders, request) become comments to port by hand.
 * - What cannot be expressed is returned in `summary`, one line each.
 */
import { fileStem, integrationYaml, secretPrefix } from '../editor';
import { NAME_RE } from '../template';
import { isObj } from './json-schema';
import { slug } from './names';

type Obj = Record<string, unknown>;

export interface PostmanFile {
  /** File name (`folder-request.ion.yaml`), unique within the import. */
  fileName: string;
  name: string;
  yaml: string;
}

export interface PostmanImport {
  files: PostmanFile[];
  /** Secrets the files reference (names only: set them before a real run). */
  secrets: Array<{ name: string; what: string }>;
  /** What could not be expressed or needs a look, one line each (`request name: …`). */
  summary: string[];
}

export class PostmanImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PostmanImportError';
  }
}

const SENSITIVE = /passw|secret|token|api[-_]?key|apikey|credential|private[-_]?key|auth|session|cookie|signature|bearer|pwd|passcode|^(key|sig|pass|code)$|(^|[-_.])key$|access[-_]?key/i;
/** Also any `…-Key` header but `Idempotency-Key`, `X-Auth…`, `X-Access-…`, cookies. */
const SENSITIVE_HEADER = /^(authorization|proxy-authorization|cookie|x-api-key|api-?key|key)$|auth|cookie|token|secret|passw|pwd|api[-_]?key|access|session|signature|credential|(?<!idempotency)[-_]key$/i;
const DROP_HEADERS = /^(content-length|host|connection|accept-encoding|user-agent|postman-token|cache-control)$/i;
const DYNAMIC: Record<string, string> = { $guid: 'uuid', $randomUUID: 'uuid', $timestamp: 'nowUnix', $isoTimestamp: 'now' };

/** Folders nested deeper are refused: a real collection has a handful of levels, and each is a stack frame here. */
export const MAX_POSTMAN_FOLDER_DEPTH = 64;
/** File stems are cut to this many characters (file systems refuse names past 255 bytes). */
const MAX_STEM_CHARS = 100;

function tooDeep(): PostmanImportError {
  return new PostmanImportError(`folders are nested more than ${MAX_POSTMAN_FOLDER_DEPTH} levels deep: not imported (flatten the collection)`);
}


/** Postman variable lists (`[{ key, value, type?, disabled? }]`) as a map; disabled ones left out. */
function varList(list: unknown): Map<string, { value: string; secret: boolean }> {
  const out = new Map<string, { value: string; secret: boolean }>();
  if (!Array.isArray(list)) return out;
  for (const v of list) {
    if (!isObj(v) || v.disabled === true || v.enabled === false) continue;
    const key = typeof v.key === 'string' ? v.key : typeof v.id === 'string' ? v.id : undefined;
    if (!key) continue;
    out.set(key, { value: v.value === undefined || v.value === null ? '' : String(v.value), secret: v.type === 'secret' });
  }
  return out;
}

/** Auth parameters as a map: v2.1 lists `[{ key, value }]`, v2.0 objects. */
function authParams(auth: Obj): Map<string, unknown> {
  const raw = auth[String(auth.type)];
  const out = new Map<string, unknown>();
  if (Array.isArray(raw)) for (const p of raw) if (isObj(p) && typeof p.key === 'string') out.set(p.key, p.value);
  if (isObj(raw)) for (const [k, v] of Object.entries(raw)) out.set(k, v);
  return out;
}

interface Context {
  prefix: string;
  vars: Map<string, { value: string; secret: boolean }>;
  /** Variables whose value is a credential: referenced as secrets, never copied. */
  secretVars: Set<string>;
  secrets: Map<string, string>;
  /** Every credential value seen, so that none is written, not even in a copied script. */
  values: Set<string>;
  /** The literal value behind each secret name, so that two values get two names. */
  owners: Map<string, string>;
}

/** `{{name}}` in Postman text as our references; literal `{{` of other kinds escaped. */
function convertText(s: string, ctx: Context, used: Set<string>, notes: string[]): string {
  return s.replace(/\{\{\s*([^{}]+?)\s*\}\}/g, (whole, name: string) => {
    if (name.startsWith('$')) {
      const builtin = DYNAMIC[name];
      if (builtin) return `{{ ${builtin} }}`;
      notes.push(`the dynamic variable {{${name}}} has no equivalent: it is sent as written`);
      return `\\${whole}`;
    }
    const ref = name.replace(/[^A-Za-z0-9_-]/g, '_');
    const safe = NAME_RE.test(ref) ? ref : `_${ref}`;
    if (ctx.secretVars.has(name)) return secretRef(ctx, name, `variable ${name}`);
    used.add(name);
    return `{{ vars.${safe} }}`;
  });
}

/** A secret name for a credential; two different literal values never share one. */
function secretRef(ctx: Context, suffix: string, what: string, value?: string): string {
  const base = `${ctx.prefix}_${slug(suffix)}`.slice(0, 60);
  let name = base;
  for (let i = 2; ctx.secrets.has(name) && value !== undefined && ctx.owners.has(name) && ctx.owners.get(name) !== value; i++) name = `${base}_${i}`;
  if (!ctx.secrets.has(name)) ctx.secrets.set(name, what);
  if (value !== undefined && !ctx.owners.has(name)) ctx.owners.set(name, value);
  return `{{ secret.${name} }}`;
}

/** A credential field: a `{{var}}` makes that variable a secret; a literal value is dropped for a reference. */
function credential(value: unknown, ctx: Context, suffix: string, what: string): string {
  const s = value === undefined || value === null ? '' : String(value);
  if (s) ctx.values.add(s);
  const only = /^\{\{\s*([^{}$][^{}]*?)\s*\}\}$/.exec(s);
  if (only) {
    ctx.secretVars.add(only[1]);
    return secretRef(ctx, only[1], what);
  }
  return secretRef(ctx, suffix, what, s);
}

function scriptLines(events: unknown, where: string): string[] {
  if (!Array.isArray(events)) return [];
  const out: string[] = [];
  for (const e of events) {
    if (!isObj(e) || !isObj(e.script)) continue;
    const exec = e.script.exec;
    const lines = Array.isArray(exec) ? exec.map(String) : typeof exec === 'string' ? exec.split('\n') : [];
    if (lines.join('').trim() === '') continue;
    out.push(`${e.listen === 'test' ? 'Test' : 'Pre-request'} script (${where}), to port by hand:`, ...lines.map((l) => `  ${l}`));
  }
  return out;
}

interface Folder {
  path: string[];
  auth?: Obj;
  scripts: string[];
}

function mapAuth(auth: Obj | undefined, ctx: Context, notes: string[]): Obj | undefined {
  if (!auth || auth.type === 'noauth' || auth.type === undefined) return undefined;
  const p = authParams(auth);
  const str = (k: string) => (p.get(k) === undefined ? undefined : String(p.get(k)));
  switch (auth.type) {
    case 'apikey': {
      const key = str('key') ?? 'X-Api-Key';
      return { type: 'apiKey', in: str('in') === 'query' ? 'query' : 'header', name: key, value: credential(p.get('value'), ctx, 'api_key', `API key (${key})`) };
    }
    case 'bearer':
      return { type: 'bearer', token: credential(p.get('token'), ctx, 'token', 'bearer token') };
    case 'basic':
      return { type: 'basic', username: credential(p.get('username'), ctx, 'username', 'user name'), password: credential(p.get('password'), ctx, 'password', 'password') };
    case 'oauth2': {
      const grant = str('grant_type') ?? 'authorization_code';
      const tokenUrl = str('accessTokenUrl');
      const scopes = (str('scope') ?? '').split(/[\s,]+/).filter(Boolean);
      const clientId = () => credential(p.get('clientId'), ctx, 'client_id', 'OAuth2 client ID');
      const clientSecret = () => credential(p.get('clientSecret'), ctx, 'client_secret', 'OAuth2 client secret');
      const clientAuth = str('client_authentication') === 'body' ? { clientAuth: 'body' } : {};
      const url = (u: string | undefined) => (u ? convertText(u, ctx, new Set(), notes) : undefined);
      if (grant === 'client_credentials' && tokenUrl) {
        return { type: 'oauth2', grant: 'client_credentials', tokenUrl: url(tokenUrl), clientId: clientId(), clientSecret: clientSecret(), ...clientAuth, ...(scopes.length ? { scopes } : {}) };
      }
      if ((grant === 'authorization_code' || grant === 'authorization_code_with_pkce') && tokenUrl) {
        const authUrl = str('authUrl');
        return {
          type: 'oauth2',
          grant: 'authorization_code',
          ...(authUrl ? { authorizationUrl: url(authUrl) } : {}),
          tokenUrl: url(tokenUrl),
          clientId: clientId(),
          clientSecret: clientSecret(),
          refreshToken: secretRef(ctx, 'refresh_token', 'OAuth2 refresh token (kept after signing in)'),
          ...clientAuth,
          ...(scopes.length ? { scopes } : {}),
        };
      }
      notes.push(`OAuth2 with grant \`${grant}\` is not expressible: the access token is a bearer token secret`);
      return { type: 'bearer', token: secretRef(ctx, 'access_token', 'OAuth2 access token') };
    }
    default:
      notes.push(`auth \`${String(auth.type)}\` is not expressible: no \`auth\` was written (sign the request yourself, or ask for the scheme to be supported)`);
      return undefined;
  }
}

/** `scheme://` then user info up to `@` (before any `/`, `?` or `#`). */
const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#@]*)@/i;

/** `user:pass` (percent-decoded where it can be) → [user, pass]. */
function splitUserinfo(info: string): [string, string] {
  const dec = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  const at = info.indexOf(':');
  return at < 0 ? [dec(info), ''] : [dec(info.slice(0, at)), dec(info.slice(at + 1))];
}

/** A URL value without its user info (a variable holding `https://user:pass@host`). */
function withoutUserinfo(value: string, ctx: Context): string {
  const m = USERINFO.exec(value.trim());
  if (!m) return value;
  for (const part of splitUserinfo(m[2])) if (part) ctx.values.add(part);
  return `${m[1]}${value.trim().slice(m[0].length)}`;
}

function urlOf(req: Obj): string {
  const u = req.url;
  if (typeof u === 'string') return u;
  if (!isObj(u)) return '';
  if (typeof u.raw === 'string') return u.raw;
  const host = Array.isArray(u.host) ? u.host.join('.') : String(u.host ?? '');
  const path = Array.isArray(u.path) ? `/${u.path.join('/')}` : typeof u.path === 'string' ? u.path : '';
  return `${u.protocol ? `${String(u.protocol)}://` : ''}${host}${path}`;
}

export interface PostmanOptions {
  /** A Postman environment export (`{ name, values: [...] }`). */
  environment?: unknown;
  /** Postman globals export (`{ values: [...] }`). */
  globals?: unknown;
}

export function postmanToIntegrations(collection: unknown, options: PostmanOptions = {}): PostmanImport {
  if (!isObj(collection) || !isObj(collection.info) || !Array.isArray(collection.item)) throw new PostmanImportError('this is not a Postman collection (v2.1): it needs `info` and `item`');
  const schema = String(collection.info.schema ?? '');
  if (schema && !/collection\/v2\.[01]/.test(schema)) throw new PostmanImportError(`only Postman collections v2.0 and v2.1 can be imported (this one is ${schema})`);
  const title = typeof collection.info.name === 'string' ? collection.info.name : 'postman';
  const env = isObj(options.environment) ? options.environment : undefined;
  const envName = env && typeof env.name === 'string' && NAME_RE.test(slug(env.name)) ? slug(env.name) : 'default';
  // Lowest precedence first: globals, collection, environment (Postman: environment wins over collection).
  const vars = new Map([...varList(isObj(options.globals) ? options.globals.values : undefined), ...varList(collection.variable), ...varList(env?.values)]);
  const ctx: Context = { prefix: secretPrefix(title.split(/\s+/).slice(0, 3).join('-')), vars, secretVars: new Set(), secrets: new Map(), values: new Set(), owners: new Map() };
  for (const [k, v] of vars) if (v.secret || SENSITIVE.test(k)) ctx.secretVars.add(k);
  // First pass: the variables that auth blocks use are credentials wherever they appear.
  const preScan = (node: Obj, depth: number) => {
    if (depth > MAX_POSTMAN_FOLDER_DEPTH) throw tooDeep();
    if (isObj(node.auth)) mapAuth(node.auth as Obj, ctx, []);
    if (isObj(node.request) && isObj(node.request.auth)) mapAuth(node.request.auth as Obj, ctx, []);
    if (Array.isArray(node.item)) for (const i of node.item) if (isObj(i)) preScan(i, depth + 1);
  };
  preScan(collection, 0);
  ctx.secrets.clear();
  ctx.owners.clear();
  for (const k of ctx.secretVars) {
    const v = vars.get(k)?.value;
    if (v) ctx.values.add(v);
  }
  // Scripts are copied as comments: on a line about credentials, a quoted literal that is not a
  // variable name may be one (`pm.environment.set('token', 'abc…')`) and is removed.
  const scrub = (text: string): string => {
    let out = text
      .split('\n')
      .map((line) => (SENSITIVE.test(line) ? line.replace(/(['"`])((?:(?!\1)[^\\]|\\.){6,})\1/g, (m, _q: string, inner: string) => (vars.has(inner) || !/^\S+$/.test(inner) ? m : `${_q}<removed>${_q}`)) : line))
      .join('\n');
    for (const v of [...ctx.values].sort((a, b) => b.length - a.length)) if (v.length >= 3 && !/^\{\{[^{}]+\}\}$/.test(v)) out = out.split(v).join('<credential removed>');
    return out;
  };
  // Last guard for every string written to a file: a credential value (raw or percent-encoded)
  // that reached a place that is not a credential field is removed.
  const scrubDeep = (value: unknown, removed: { count: number }): unknown => {
    if (typeof value === 'string') {
      // References (`{{ secret.NAME }}`, `{{ vars.x }}`) are kept whole: only the text between them.
      return value
        .split(/(\{\{[^{}]*\}\})/)
        .map((part, i) => {
          if (i % 2 === 1) return part;
          let out = part;
          for (const v of [...ctx.values].sort((a, b) => b.length - a.length)) {
            if (v.length < 4 || /^\{\{[^{}]+\}\}$/.test(v)) continue;
            for (const f of new Set([v, encodeURIComponent(v), encodeURI(v)])) {
              if (out.includes(f)) {
                out = out.split(f).join('<credential removed>');
                removed.count++;
              }
            }
          }
          return out;
        })
        .join('');
    }
    if (Array.isArray(value)) return value.map((x) => scrubDeep(x, removed));
    if (isObj(value)) return Object.fromEntries(Object.entries(value).map(([k, x]) => [scrubDeep(k, removed) as string, scrubDeep(x, removed)]));
    return value;
  };
  const files: PostmanFile[] = [];
  const summary: string[] = [];
  const usedNames = new Set<string>();

  const visit = (items: unknown[], folder: Folder) => {
    for (const item of items) {
      if (!isObj(item)) continue;
      const itemName = typeof item.name === 'string' && item.name.trim() ? item.name.trim() : 'request';
      const auth = isObj(item.auth) ? (item.auth as Obj) : undefined;
      if (Array.isArray(item.item)) {
        visit(item.item, { path: [...folder.path, itemName], auth: auth ?? folder.auth, scripts: [...folder.scripts, ...scriptLines(item.event, `folder ${itemName}`)] });
        continue;
      }
      if (!isObj(item.request) && typeof item.request !== 'string') continue;
      const req: Obj = typeof item.request === 'string' ? { url: item.request, method: 'GET' } : (item.request as Obj);
      const label = [...folder.path, itemName].join(' / ');
      const notes: string[] = [];
      const used = new Set<string>();
      const reqAuth = isObj(req.auth) ? (req.auth as Obj) : undefined;
      const effective = reqAuth ?? auth ?? folder.auth;
      let mapped = mapAuth(effective, ctx, notes);

      // URL: a literal origin becomes `vars.baseUrl`; Postman's `:param` path variables become inputs.
      const inputs: Obj = {};
      let raw = urlOf(req).trim();
      // Credentials in the URL (`https://user:pass@host`) are never copied: basic auth secrets instead.
      const userinfo = USERINFO.exec(raw);
      if (userinfo) {
        raw = `${userinfo[1]}${raw.slice(userinfo[0].length)}`;
        const [user, pass] = splitUserinfo(userinfo[2]);
        const basic = { type: 'basic', username: credential(user, ctx, 'username', 'user name (from the URL)'), password: credential(pass, ctx, 'password', 'password (from the URL)') };
        if (!mapped) mapped = basic;
        else notes.push('the user name and password in the URL were left out (the request has its own auth)');
      }
      const origin = /^(https?:\/\/[^/?#{}]+)/i.exec(raw);
      let baseUrl: string | undefined;
      if (origin) {
        baseUrl = origin[1];
        raw = `{{baseUrl}}${raw.slice(origin[1].length)}`;
      } else if (!/^\{\{/.test(raw)) {
        baseUrl = `https://${raw.split(/[/?#]/)[0] || 'api.example.com'}`;
        raw = `{{baseUrl}}${raw.slice(raw.split(/[/?#]/)[0].length)}`;
      }
      const [pathPart, queryPart] = [raw.split('?')[0], raw.includes('?') ? raw.slice(raw.indexOf('?') + 1) : ''];
      const pathVars = new Map(isObj(req.url) && Array.isArray(req.url.variable) ? (req.url.variable as unknown[]).filter(isObj).map((v) => [String(v.key), v.value]) : []);
      const path = pathPart.replace(/\/:([A-Za-z_][A-Za-z0-9_-]*)/g, (_m, n: string) => {
        inputs[n] = pathVars.get(n) ?? '1';
        return `/{{ input.${n} }}`;
      });
      let url = convertText(path.replace(/\{\{\s*input\./g, '\u0000'), ctx, used, notes).replace(/\u0000/g, '{{ input.');
      url = url.replace(/#.*$/, '');
      const query: Obj = {};
      const queryList: Obj[] = isObj(req.url) && Array.isArray(req.url.query) ? (req.url.query as unknown[]).filter(isObj) : [...new URLSearchParams(queryPart)].map(([key, value]) => ({ key, value }));
      for (const q of queryList) {
        if (q.disabled === true || typeof q.key !== 'string') continue;
        const v = q.value === undefined || q.value === null ? '' : String(q.value);
        if (SENSITIVE.test(q.key) && v) ctx.values.add(v);
        query[q.key] = SENSITIVE.test(q.key) && v && !/^\{\{[^{}]+\}\}$/.test(v) ? secretRef(ctx, q.key, `query parameter ${q.key}`, v) : convertText(v, ctx, used, notes);
      }
      const headers: Obj = {};
      let contentType: string | undefined;
      for (const h of Array.isArray(req.header) ? (req.header as unknown[]).filter(isObj) : []) {
        if (h.disabled === true || typeof h.key !== 'string' || DROP_HEADERS.test(h.key)) continue;
        const v = h.value === undefined || h.value === null ? '' : String(h.value);
        if (/^content-type$/i.test(h.key)) {
          contentType = v;
          continue;
        }
        if (SENSITIVE_HEADER.test(h.key)) {
          const scheme = /^(Bearer|Basic|Token|Bot|Digest)\s+/i.exec(v)?.[0] ?? '';
          headers[h.key] = `${scheme}${credential(v.slice(scheme.length), ctx, h.key, `header ${h.key}`)}`;
        } else headers[h.key] = convertText(v, ctx, used, notes);
      }

      const request: Obj = { method: typeof req.method === 'string' ? req.method.toUpperCase() : 'GET', url };
      const body = isObj(req.body) && req.body.disabled !== true ? (req.body as Obj) : undefined;
      const mode = body ? String(body.mode) : undefined;
      let bodyValue: unknown;
      let form: Obj | undefined;
      let text: string | undefined;
      const conv = (v: unknown): unknown =>
        typeof v === 'string' ? convertText(v, ctx, used, notes) : Array.isArray(v) ? v.map(conv) : isObj(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typeof x === 'string' && SENSITIVE.test(k) && x && !/^\{\{[^{}]+\}\}$/.test(x) && ctx.values.add(x) ? secretRef(ctx, k, `field ${k}`, x) : conv(x)])) : v;
      if (mode === 'raw' && typeof body?.raw === 'string' && body.raw.trim()) {
        const lang = isObj(body.options) && isObj(body.options.raw) ? String(body.options.raw.language ?? '') : '';
        let parsed: unknown;
        try {
          parsed = JSON.parse(body.raw);
        } catch {
          parsed = undefined;
        }
        if (parsed !== undefined && (lang === 'json' || /json/i.test(contentType ?? '') || typeof parsed === 'object')) {
          bodyValue = conv(parsed);
          if (contentType && !/^application\/json\b/i.test(contentType)) headers['Content-Type'] = contentType;
        } else {
          text = convertText(body.raw, ctx, used, notes);
          headers['Content-Type'] = contentType ?? (lang === 'json' ? 'application/json' : lang === 'xml' ? 'application/xml' : 'text/plain');
        }
      } else if (mode === 'urlencoded' || mode === 'formdata') {
        form = {};
        for (const f of Array.isArray(body?.[mode]) ? (body?.[mode] as unknown[]).filter(isObj) : []) {
          if (f.disabled === true || typeof f.key !== 'string') continue;
          if (f.type === 'file') {
            notes.push(`the file field \`${f.key}\` cannot be expressed (only urlencoded fields are sent)`);
            continue;
          }
          const v = f.value === undefined || f.value === null ? '' : String(f.value);
          if (SENSITIVE.test(f.key) && v) ctx.values.add(v);
          form[f.key] = SENSITIVE.test(f.key) && v && !/^\{\{[^{}]+\}\}$/.test(v) ? secretRef(ctx, f.key, `form field ${f.key}`, v) : convertText(v, ctx, used, notes);
        }
        if (mode === 'formdata') notes.push('the multipart form is sent as a urlencoded form');
      } else if (mode === 'graphql' && isObj(body?.graphql)) {
        let variables: unknown;
        try {
          variables = typeof body.graphql.variables === 'string' && body.graphql.variables.trim() ? JSON.parse(body.graphql.variables) : undefined;
        } catch {
          notes.push('the GraphQL variables are not JSON: left out');
        }
        bodyValue = conv({ query: String(body.graphql.query ?? ''), ...(variables !== undefined ? { variables } : {}) });
      } else if (mode === 'file') {
        notes.push('a file body cannot be expressed');
      } else if (contentType) headers['Content-Type'] = contentType;
      if (Object.keys(headers).length > 0) request.headers = headers;
      if (Object.keys(query).length > 0) request.query = query;
      if (bodyValue !== undefined) request.body = bodyValue;
      if (form && Object.keys(form).length > 0) request.form = form;
      if (text !== undefined) request.text = text;

      // vars: every variable the request uses, in one environment; credentials never copied.
      used.add('baseUrl');
      const envVars: Obj = {};
      for (const n of [...used].sort()) {
        const key = NAME_RE.test(n.replace(/[^A-Za-z0-9_-]/g, '_')) ? n.replace(/[^A-Za-z0-9_-]/g, '_') : `_${n.replace(/[^A-Za-z0-9_-]/g, '_')}`;
        if (n === 'baseUrl' && baseUrl !== undefined) envVars[key] = baseUrl;
        else if (vars.has(n)) {
          const value = vars.get(n)?.value ?? '';
          envVars[key] = withoutUserinfo(value, ctx);
          if (envVars[key] !== value) notes.push(`the user name and password in the variable {{${n}}} were left out: set them as an \`auth\` block`);
        }
        else {
          envVars[key] = n === 'baseUrl' ? 'https://api.example.com' : '';
          notes.push(`the variable {{${n}}} has no value in the collection${env ? ' or the environment' : ''}: set \`environments.${envName}.${key}\``);
        }
      }
      // A variable value is sent as is: `{{` in it would be read as a reference.
      for (const [k, v] of Object.entries(envVars)) if (typeof v === 'string' && v.includes('{{')) envVars[k] = v.replace(/\{\{/g, '\\{{');

      const scripts = [...folder.scripts, ...scriptLines(item.event, `request ${itemName}`)];
      const description = typeof req.description === 'string' ? req.description : isObj(req.description) && typeof req.description.content === 'string' ? req.description.content : '';
      const stem = fileStem(fileStem([...folder.path, itemName].join('-')).slice(0, MAX_STEM_CHARS));
      let fileName = `${stem}.ion.yaml`;
      for (let i = 2; usedNames.has(fileName); i++) fileName = `${stem}-${i}.ion.yaml`;
      usedNames.add(fileName);
      const method = String(request.method);
      const removed = { count: 0 };
      const file: Obj = {
        version: 1,
        name: fileName.replace(/\.ion\.yaml$/, ''),
        description: `${label} (imported from the Postman collection ${title})`,
        pattern: ['GET', 'HEAD', 'OPTIONS'].includes(method) ? 'pull' : 'push',
        defaultEnvironment: envName,
        ...(Object.keys(inputs).length > 0 ? { trigger: { type: 'manual', input: inputs } } : {}),
        environments: { [envName]: envVars },
        ...(mapped ? { auth: mapped } : {}),
        request,
        docs: {
          // Scrubbed before the cut: a cut credential could not be found afterwards.
          summary: description.trim() ? (scrubDeep(description.trim(), removed) as string).split('\n')[0].slice(0, 200) : label,
          ...(notes.length > 0 ? { notes: notes.join('\n') } : {}),
        },
      };
      const secretNames = [...new Set([...JSON.stringify(file).matchAll(/secret\.([A-Za-z0-9_-]+)/g)].map((m) => m[1]))];
      const comment = [`Imported from the Postman collection "${title}": ${label}.`, ...(secretNames.length ? [`Set the secrets before a real run: ${secretNames.join(', ')}.`] : []), ...(scripts.length ? ['', ...scripts] : [])].join('\n');
      const safe = scrubDeep(file, removed) as Obj;
      if (removed.count > 0) summary.push(`${label}: a credential value was also written outside its credential field; it was removed there (<credential removed>): put it back as a secret reference`);
      files.push({ fileName, name: String(file.name), yaml: integrationYaml(safe, scrub(comment)) });
      for (const n of notes) summary.push(`${label}: ${n}`);
      if (scripts.length > 0) summary.push(`${label}: scripts copied as comments, to port by hand`);
    }
  };
  const collectionAuth = isObj(collection.auth) ? (collection.auth as Obj) : undefined;
  const visitAll = () => visit(collection.item as unknown[], { path: [], auth: collectionAuth, scripts: scriptLines(collection.event, 'collection') });
  // Two passes: a variable that any credential place uses (a header, a query, the URL's user
  // info) is a secret everywhere, also where an earlier request or field used it plainly.
  visitAll();
  files.length = 0;
  summary.length = 0;
  usedNames.clear();
  ctx.secrets.clear();
  ctx.owners.clear();
  for (const k of ctx.secretVars) {
    const v = vars.get(k)?.value;
    if (v) ctx.values.add(v);
  }
  visitAll();
  return { files, secrets: [...ctx.secrets].map(([name, what]) => ({ name, what })), summary };
}
