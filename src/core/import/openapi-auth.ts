/**
 * The auth of an imported OpenAPI operation (README, "Import from OpenAPI or Postman"): its
 * security requirement (or the description's) mapped to an `auth` block with `{{ secret.NAME }}`
 * references, the secrets to set, and notes for what has no equivalent (src/core/import/openapi.ts).
 */
import { isObj } from './json-schema';
import { slug } from './names';

type Obj = Record<string, unknown>;

/** A server of the description, by the environment it becomes. */
export interface Server {
  env: string;
  url: string;
}


export interface AuthMapping {
  auth?: Obj;
  notes: string[];
  secrets: Array<{ name: string; what: string }>;
}

function absoluteUrl(url: unknown, servers: Server[]): string | undefined {
  if (typeof url !== 'string' || !url) return undefined;
  if (/^https?:\/\//i.test(url)) return url;
  try {
    return new URL(url, `${servers[0].url}/`).href;
  } catch {
    return undefined;
  }
}

export function mapSecurity(api: Obj, op: Obj, servers: Server[], prefix: string): AuthMapping {
  const out: AuthMapping = { notes: [], secrets: [] };
  const requirements = (Array.isArray(op.security) ? op.security : Array.isArray(api.security) ? api.security : []) as unknown[];
  const schemes = (isObj(api.components) && isObj(api.components.securitySchemes) ? api.components.securitySchemes : isObj(api.securityDefinitions) ? api.securityDefinitions : {}) as Obj;
  const alternatives = requirements.filter(isObj).filter((r) => Object.keys(r).length > 0);
  if (alternatives.length === 0) {
    // The description knows security schemes and this operation needs none: say so. With no
    // scheme at all, the description is silent about auth: leave it to the user.
    if (Object.keys(schemes).length > 0) out.auth = { type: 'none' };
    else out.notes.push('The description declares no authentication: add `auth` if the API needs it.');
    return out;
  }
  // The first alternative the format can express; others are named in the notes.
  const rank = (r: Obj) => {
    const s = schemes[Object.keys(r)[0]];
    if (!isObj(s)) return 9;
    if (s.type === 'apiKey' && s.in !== 'cookie') return 0;
    if (s.type === 'http' || s.type === 'basic') return String(s.scheme ?? 'basic').toLowerCase() === 'bearer' || s.type === 'basic' || String(s.scheme).toLowerCase() === 'basic' ? 0 : 5;
    if (s.type === 'oauth2') return 1;
    return 3;
  };
  const chosen = [...alternatives].sort((a, b) => rank(a) - rank(b))[0];
  const names = Object.keys(chosen);
  if (alternatives.length > 1) out.notes.push(`The API also accepts: ${alternatives.filter((a) => a !== chosen).map((a) => Object.keys(a).join(' + ')).join(', ')}.`);
  if (names.length > 1) out.notes.push(`This operation needs ${names.join(' and ')} together; only ${names[0]} is set in \`auth\`: add the others as headers.`);
  const key = names[0];
  const scheme = schemes[key];
  const scopes = Array.isArray(chosen[key]) ? (chosen[key] as unknown[]).filter((s): s is string => typeof s === 'string') : [];
  const secret = (suffix: string, what: string): string => {
    const name = `${prefix}_${slug(suffix)}`.slice(0, 64);
    if (!out.secrets.some((s) => s.name === name)) out.secrets.push({ name, what });
    return `{{ secret.${name} }}`;
  };
  if (!isObj(scheme)) {
    out.notes.push(`The security scheme \`${key}\` is not defined in the description; no \`auth\` was written.`);
    return out;
  }
  const type = String(scheme.type);
  if (type === 'apiKey') {
    const name = String(scheme.name ?? key);
    if (scheme.in === 'cookie') {
      out.auth = { type: 'headers', headers: { Cookie: `${name}=${secret(key, `API key (cookie ${name})`)}` } };
    } else {
      out.auth = { type: 'apiKey', in: scheme.in === 'query' ? 'query' : 'header', name, value: secret(key, `API key (${scheme.in === 'query' ? 'query parameter' : 'header'} ${name})`) };
    }
    return out;
  }
  const httpScheme = type === 'basic' ? 'basic' : String(scheme.scheme ?? '').toLowerCase();
  if (type === 'basic' || (type === 'http' && httpScheme === 'basic')) {
    out.auth = { type: 'basic', username: secret(`${key}_username`, 'user name'), password: secret(`${key}_password`, 'password') };
    return out;
  }
  if (type === 'http' && httpScheme === 'bearer') {
    out.auth = { type: 'bearer', token: secret(`${key}_token`, `bearer token${scheme.bearerFormat ? ` (${String(scheme.bearerFormat)})` : ''}`) };
    return out;
  }
  if (type === 'http') {
    out.notes.push(`HTTP \`${httpScheme}\` authentication (scheme \`${key}\`) cannot be expressed: no \`auth\` was written.`);
    return out;
  }
  if (type === 'oauth2') {
    // OpenAPI 3 `flows`, or Swagger 2.0 `flow` with its own names.
    const flows: Obj = isObj(scheme.flows)
      ? scheme.flows
      : typeof scheme.flow === 'string'
        ? { [({ application: 'clientCredentials', accessCode: 'authorizationCode', implicit: 'implicit', password: 'password' } as Record<string, string>)[scheme.flow] ?? scheme.flow]: { tokenUrl: scheme.tokenUrl, authorizationUrl: scheme.authorizationUrl } }
        : {};
    const cc = flows.clientCredentials;
    const code = flows.authorizationCode;
    const base = (flow: Obj) => ({
      tokenUrl: absoluteUrl(flow.tokenUrl, servers) ?? '{{ vars.baseUrl }}/oauth/token',
      clientId: secret(`${key}_client_id`, 'OAuth2 client ID'),
    });
    if (isObj(cc)) {
      out.auth = { type: 'oauth2', grant: 'client_credentials', ...base(cc), clientSecret: secret(`${key}_client_secret`, 'OAuth2 client secret'), ...(scopes.length ? { scopes } : {}) };
      return out;
    }
    if (isObj(code)) {
      const authorizationUrl = absoluteUrl(code.authorizationUrl, servers);
      out.auth = {
        type: 'oauth2',
        grant: 'authorization_code',
        ...(authorizationUrl ? { authorizationUrl } : {}),
        ...base(code),
        clientSecret: secret(`${key}_client_secret`, 'OAuth2 client secret'),
        refreshToken: secret(`${key}_refresh_token`, 'OAuth2 refresh token (kept after signing in)'),
        ...(scopes.length ? { scopes } : {}),
      };
      return out;
    }
    const kinds = Object.keys(flows).join(', ') || 'no flow';
    out.notes.push(`OAuth2 (${kinds}, scheme \`${key}\`) has no client-credentials or authorization-code flow: get an access token yourself and store it as the bearer token secret.`);
    out.auth = { type: 'bearer', token: secret(`${key}_access_token`, 'OAuth2 access token') };
    return out;
  }
  if (type === 'openIdConnect') {
    out.notes.push(`OpenID Connect (scheme \`${key}\`${typeof scheme.openIdConnectUrl === 'string' ? `, ${scheme.openIdConnectUrl}` : ''}): discovery is not supported; get an access token and store it as the bearer token secret, or write an \`oauth2\` auth from the provider's endpoints.`);
    out.auth = { type: 'bearer', token: secret(`${key}_access_token`, 'OpenID Connect access token') };
    return out;
  }
  out.notes.push(`The security scheme \`${key}\` (${type}) cannot be expressed: no \`auth\` was written.`);
  return out;
}

