/**
 * A parsed curl request as an integration file. Every credential (the `-u` password, a bearer
 * token, an API key header or query parameter, cookies, credential-looking headers and form or
 * JSON fields) leaves the text: it is returned in `secrets` with a suggested name and replaced by
 * `{{ secret.NAME }}`. The file validates with no errors and no warnings.
 */
import { Document } from 'yaml';
import { parseJson } from '../json';
import type { CurlRequest } from './curl-import';
import { fileStem, secretPrefix } from './new-integration';

export interface ImportedSecret {
  /** Suggested name (the editor lets the user change it before storing). */
  name: string;
  value: string;
  /** What it was: `bearer token`, `password`, `header X-Api-Key`, … */
  what: string;
}

export interface ImportResult {
  text: string;
  /** Secrets to store; their names are those used in `text`. */
  secrets: ImportedSecret[];
  warnings: string[];
  /** Suggested integration name. */
  name: string;
}

const SENSITIVE_HEADER = /^(authorization|proxy-authorization|cookie|x-api-key|api-?key)$|token|secret|passw|api[-_]?key|auth|session|signature|credential/i;
const API_KEY_HEADER = /^(x-)?api[-_]?key$|^x-api-token$|^apikey$/i;
const API_KEY_QUERY = /^(api[-_]?key|apikey|key|access[-_]?token|token|auth[-_]?token|appid|app[-_]?key)$/i;
const SENSITIVE_FIELD = /passw|secret|token|api[-_]?key|apikey|credential|private[-_]?key/i;
/** Headers the engine sets itself (or that a copied browser request carries but an integration should not). */
const DROP_HEADERS = /^(content-length|host|connection|accept-encoding|sec-[a-z-]+|upgrade-insecure-requests|priority|te)$/i;

function slug(s: string): string {
  const out = s.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return out || 'secret';
}

/** Suggested integration name: host and first path segments, `api-example-com-users`. */
export function suggestName(url: URL): string {
  const parts = [url.hostname.replace(/^www\./, '').replace(/\./g, '-'), ...url.pathname.split('/').filter((p) => p && !/^\d+$/.test(p)).slice(0, 2)];
  return fileStem(parts.join('-'));
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function curlToIntegration(req: CurlRequest, options: { name?: string } = {}): ImportResult {
  let url: URL;
  try {
    url = new URL(req.url);
  } catch {
    throw new Error('the URL of the curl command cannot be read');
  }
  const name = options.name?.trim() || suggestName(url);
  const prefix = secretPrefix(name);
  const secrets: ImportedSecret[] = [];
  const warnings = [...req.warnings];
  const secretRef = (suffix: string, value: string, what: string): string => {
    const existing = secrets.find((s) => s.value === value);
    if (existing) return `{{ secret.${existing.name} }}`;
    let n = `${prefix}_${slug(suffix)}`.slice(0, 64);
    for (let i = 2; secrets.some((s) => s.name === n); i++) n = `${prefix}_${slug(suffix)}_${i}`;
    secrets.push({ name: n, value, what });
    return `{{ secret.${n} }}`;
  };

  let auth: Record<string, unknown> | undefined;
  const headers: Record<string, string> = {};
  let contentType: string | undefined;
  for (const [h, v] of req.headers) {
    const lower = h.toLowerCase();
    if (DROP_HEADERS.test(h)) continue;
    if (lower === 'content-type') {
      contentType = v;
      continue;
    }
    if (lower === 'authorization' && !auth) {
      const bearer = /^Bearer\s+(.+)$/i.exec(v);
      const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(v);
      if (bearer) {
        auth = { type: 'bearer', token: secretRef('token', bearer[1].trim(), 'bearer token') };
        continue;
      }
      if (basic) {
        const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        if (colon > 0) {
          auth = { type: 'basic', username: decoded.slice(0, colon), password: secretRef('password', decoded.slice(colon + 1), 'password') };
          continue;
        }
      }
    }
    if (API_KEY_HEADER.test(h) && !auth) {
      auth = { type: 'apiKey', in: 'header', name: h, value: secretRef('api_key', v, `header ${h}`) };
      continue;
    }
    if (SENSITIVE_HEADER.test(h)) {
      const scheme = /^(Bearer|Basic|Token|Bot|Digest)\s+/i.exec(v)?.[0] ?? '';
      headers[h] = `${scheme}${secretRef(h, v.slice(scheme.length), `header ${h}`)}`;
      continue;
    }
    headers[h] = v;
  }
  if (req.user !== undefined) {
    const colon = req.user.indexOf(':');
    const username = colon >= 0 ? req.user.slice(0, colon) : req.user;
    const password = colon >= 0 ? req.user.slice(colon + 1) : '';
    if (auth) warnings.push('both `-u` and an Authorization header were given; `-u` is used');
    if (!password) warnings.push('`-u` has no password: curl would prompt for it; set the secret yourself');
    auth = { type: 'basic', username, password: secretRef('password', password || 'change-me', 'password') };
  }
  if ((url.username || url.password) && !auth) {
    auth = { type: 'basic', username: decodeURIComponent(url.username), password: secretRef('password', decodeURIComponent(url.password) || 'change-me', 'password') };
  }
  url.username = '';
  url.password = '';
  if (req.bearer !== undefined && !auth) auth = { type: 'bearer', token: secretRef('token', req.bearer, 'bearer token') };

  // Query: credentials move to auth (the first API key) or to secrets.
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) {
    if (API_KEY_QUERY.test(k) && !auth) auth = { type: 'apiKey', in: 'query', name: k, value: secretRef('api_key', v, `query parameter ${k}`) };
    else if (API_KEY_QUERY.test(k) || SENSITIVE_FIELD.test(k)) query[k] = secretRef(k, v, `query parameter ${k}`);
    else query[k] = v;
  }

  const request: Record<string, unknown> = { method: req.method };
  const data = req.data.join('&');
  const formish = (s: string) => /^[^=&\s{[]+=[^&]*(&[^=&\s]+=[^&]*)*$/.test(s);
  const fieldsOf = (s: string): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const [k, v] of new URLSearchParams(s)) out[k] = SENSITIVE_FIELD.test(k) ? secretRef(k, v, `form field ${k}`) : v;
    return out;
  };
  if (req.get && data) {
    for (const [k, v] of Object.entries(fieldsOf(data))) query[k] = v;
  } else if (data) {
    const json = parseJson(data);
    const isJsonType = req.json || /json/i.test(contentType ?? '');
    if (json !== undefined && (isJsonType || typeof json === 'object')) {
      request.body = isObj(json) ? Object.fromEntries(Object.entries(json).map(([k, v]) => [k, typeof v === 'string' && SENSITIVE_FIELD.test(k) ? secretRef(k, v, `field ${k}`) : v])) : json;
      if (contentType && !/^application\/json\b/i.test(contentType)) headers['Content-Type'] = contentType;
    } else if ((!contentType || /x-www-form-urlencoded/i.test(contentType)) && formish(data)) {
      request.form = fieldsOf(data);
    } else {
      request.text = data;
      headers['Content-Type'] = contentType ?? 'application/x-www-form-urlencoded';
    }
  } else if (req.formFields.length > 0) {
    warnings.push('`-F` sends multipart form data; the import sends the fields as a urlencoded form');
    request.form = Object.fromEntries(req.formFields.map(([k, v]) => [k, SENSITIVE_FIELD.test(k) ? secretRef(k, v, `form field ${k}`) : v]));
  } else if (contentType) headers['Content-Type'] = contentType;
  if (req.json && !Object.keys(headers).some((h) => h.toLowerCase() === 'accept')) headers.Accept = 'application/json';

  const path = url.pathname === '/' && !req.url.replace(/[?#].*$/, '').endsWith('/') ? '' : url.pathname;
  request.url = `{{ vars.baseUrl }}${path}`;
  if (Object.keys(headers).length > 0) request.headers = headers;
  if (Object.keys(query).length > 0) request.query = query;
  if (req.maxTimeSeconds !== undefined) request.timeout = `${Math.ceil(req.maxTimeSeconds)}s`;
  // Key order as in the format's documentation.
  const ordered: Record<string, unknown> = {};
  for (const k of ['method', 'url', 'headers', 'query', 'body', 'form', 'text', 'timeout']) if (k in request) ordered[k] = request[k];

  const file: Record<string, unknown> = {
    version: 1,
    name,
    description: `Imported from cURL: ${req.method} ${url.origin}${url.pathname}`,
    pattern: ['GET', 'HEAD', 'OPTIONS'].includes(req.method) ? 'pull' : 'push',
    defaultEnvironment: 'dev',
    environments: { dev: { baseUrl: url.origin } },
    ...(auth ? { auth } : {}),
    request: ordered,
  };
  return { text: integrationYaml(file), secrets, warnings, name };
}

/**
 * An integration as plain data (keys in the format's order) as file text: block YAML, no line
 * folding. `comment` (lines) goes above it as `#` comments. Shared by every import (cURL, OpenAPI,
 * Postman) so the files they write look alike.
 */
export function integrationYaml(file: Record<string, unknown>, comment?: string): string {
  const doc = new Document(file);
  if (comment) doc.commentBefore = comment.split('\n').map((l) => (l ? ` ${l}` : '')).join('\n');
  return doc.toString({ lineWidth: 0, flowCollectionPadding: true });
}
