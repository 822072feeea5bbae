/**
 * `hardcoded_secret`: a literal that looks like a credential in `auth` or in a header. The
 * message never repeats the value; `data.secretName` suggests a name for the quick fix.
 *
 * Where a `{{ secret.NAME }}` may not go (README "Secrets"), because it could not be masked there:
 * `secret_in_input` (trigger.input reaches the transform), `secret_in_path` (a file output's
 * path is written as is), `secret_in_origin` (a URL's scheme, host or port is lower-cased and
 * resolved by DNS). A secret that is the whole URL, or starts it, is allowed: its value, origin
 * included, is masked as one.
 */
import type { Document } from 'yaml';
import type { Diagnostic } from '../diagnostics';
import { hasTemplate, type RefPart, type TemplatePart } from '../template';
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
      aws: ['secretAccessKey', 'sessionToken'],
    };
    for (const f of fields[String(auth.type)] ?? []) {
      const lit = literal(auth[f]);
      if (lit !== undefined) warn(['auth', f], lit, f === 'value' ? 'api_key' : f === 'clientSecret' ? 'client_secret' : f === 'refreshToken' ? 'refresh_token' : f);
    }
    if (auth.type === 'headers') headerMap(['auth', 'headers'], auth.headers, true);
  }
  const request = value.request;
  if (isObj(request)) headerMap(['request', 'headers'], request.headers, false);
  // An mTLS private key or its passphrase written in the file (docs/reference.md#request).
  if (isObj(request) && isObj(request.tls)) {
    for (const f of ['key', 'passphrase']) {
      const lit = literal(request.tls[f]);
      if (lit !== undefined) warn(['request', 'tls', f], lit, f === 'key' ? 'client_key' : 'client_key_passphrase');
    }
  }
  const output = value.output;
  if (isObj(output) && Array.isArray(output.to)) {
    output.to.forEach((t, i) => {
      if (isObj(t)) headerMap(['output', 'to', i, 'headers'], t.headers, false);
    });
  }
  return out;
}

export interface PlacementProblem {
  ref: RefPart;
  code: 'secret_in_input' | 'secret_in_path' | 'secret_in_origin';
  message: string;
}

/** Whether a YAML path holds a URL whose origin a secret must not be part of. */
function isUrlPath(path: ReadonlyArray<string | number>): boolean {
  const [a, b, , d] = path;
  if (a === 'request') return b === 'url' && path.length === 2;
  if (a === 'auth') return b === 'tokenUrl' && path.length === 2;
  return a === 'output' && b === 'to' && d === 'url' && path.length === 4;
}

/**
 * Whether the text before a reference (references as placeholders) is still in the URL's origin:
 * no `/`, `?` or `#` after the `scheme://`. A reference followed, inside the authority, by an `@` is
 * in the user information (a credential, masked with the URL), not in the host.
 */
function inOrigin(before: string, after: string): boolean {
  const rest = before.replace(/^[A-Za-z][A-Za-z0-9+.-]*:(\/\/)?/, '');
  if (/[/?#]/.test(rest)) return false;
  const authorityRest = /^[^/?#]*/.exec(after)?.[0] ?? '';
  return !authorityRest.includes('@');
}

/** The secret references of one template site placed where they cannot be masked. */
export function secretPlacement(path: ReadonlyArray<string | number>, parts: readonly TemplatePart[]): PlacementProblem[] {
  const out: PlacementProblem[] = [];
  const [a, b, , d] = path;
  const text = (from: number, to: number) => parts.slice(from, to).map((p) => (p.kind === 'literal' ? p.text : 'x')).join('');
  parts.forEach((p, i) => {
    if (p.kind !== 'ref' || p.root !== 'secret') return;
    const ref = `{{ ${p.expr} }}`;
    if (a === 'trigger' && b === 'input') {
      out.push({ ref: p, code: 'secret_in_input', message: `${ref} cannot be in \`trigger.input\`: the input reaches the transform, which never sees a secret. Put the secret where it is sent (\`request\`, \`auth\`, \`output.to\`)` });
    } else if (a === 'output' && b === 'to' && d === 'path') {
      out.push({ ref: p, code: 'secret_in_path', message: `${ref} cannot be in a file output's \`path\`: a file name is written as is and cannot be masked. Use \`vars\`, \`input\` or a built-in in the path` });
    } else if (isUrlPath(path) && i > 0 && inOrigin(text(0, i), text(i + 1, parts.length))) {
      out.push({
        ref: p,
        code: 'secret_in_origin',
        message: `${ref} cannot be in a URL's scheme, host or port: a host is resolved by DNS and cannot be masked. Keep the secret in the path, the query, a header or \`auth\` (or make it the whole URL)`,
      });
    }
  });
  return out;
}
