/**
 * `hardcoded_secret`: a literal that looks like a credential in `auth` or in a header. The
 * message never repeats the value; `data.secretName` suggests a name for the quick fix.
 */
import type { Document } from 'yaml';
import type { Diagnostic } from '../diagnostics';
import { hasTemplate } from '../template';
import { locate, pathLabel } from './ranges';

type Path = Array<string | number>;

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const SENSITIVE_HEADER = /^(authorization|proxy-authorization|cookie|x-api-key|api-?key)$|token|secret|passw|api[-_]?key|auth|session|signature|credential/i;
const SCHEME_PREFIX = /^(Bearer|Basic|Token|Bot|Digest)\s+/i;
/** Value shapes that are credentials whatever the header is called. */
const TOKEN_SHAPES = [
  /^(gh[pousr]_|github_pat_)[A-Za-z0-9_]{20,}$/,
  /^sk-[A-Za-z0-9_-]{16,}$/,
  /^xox[abposr]-[A-Za-z0-9-]{10,}$/,
  /^AKIA[0-9A-Z]{16}$/,
  /^eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\./,
];

function slug(s: string): string {
  const out = s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[a-z_]/.test(out) ? out : `s_${out}`;
}

function literal(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' && !hasTemplate(v) ? v : undefined;
}

export function checkHardcodedSecrets(value: Record<string, unknown>, doc: Document, text: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const base = typeof value.name === 'string' && value.name.trim() !== '' ? slug(value.name) : 'integration';
  const warn = (path: Path, raw: string, field: string) => {
    const secretName = `${base}_${slug(field)}`.slice(0, 64);
    const scheme = SCHEME_PREFIX.exec(raw)?.[0] ?? '';
    const replacement = `${scheme}{{ secret.${secretName} }}`;
    const r = locate(doc, text, path, 'value');
    out.push({
      ...r,
      severity: 'warning',
      code: 'hardcoded_secret',
      message: `\`${pathLabel(path)}\` looks like a secret written in the file: store it in SecretStorage and write ${replacement}`,
      data: { secretName, replacement },
    });
  };
  const headerMap = (path: Path, headers: unknown, all: boolean) => {
    if (!isObj(headers)) return;
    for (const [name, v] of Object.entries(headers)) {
      const lit = literal(v);
      if (lit === undefined) continue;
      if (all || SENSITIVE_HEADER.test(name) || SCHEME_PREFIX.test(lit) || TOKEN_SHAPES.some((re) => re.test(lit))) warn([...path, name], lit, name);
    }
  };

  const auth = value.auth;
  if (isObj(auth)) {
    const fields: Record<string, string[]> = {
      apiKey: ['value'],
      bearer: ['token'],
      basic: ['password'],
      oauth2: ['clientSecret', 'refreshToken'],
    };
    for (const f of fields[String(auth.type)] ?? []) {
      const lit = literal(auth[f]);
      if (lit !== undefined) warn(['auth', f], lit, f === 'value' ? 'api_key' : f === 'clientSecret' ? 'client_secret' : f === 'refreshToken' ? 'refresh_token' : f);
    }
    if (auth.type === 'headers') headerMap(['auth', 'headers'], auth.headers, true);
  }
  const request = value.request;
  if (isObj(request)) headerMap(['request', 'headers'], request.headers, false);
  const output = value.output;
  if (isObj(output) && Array.isArray(output.to)) {
    output.to.forEach((t, i) => {
      if (isObj(t)) headerMap(['output', 'to', i, 'headers'], t.headers, false);
    });
  }
  return out;
}
