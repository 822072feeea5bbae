/**
 * Cache keys (README "Caching responses"): a hash of the request as sent, minus its secrets. The
 * method, the URL and the varied headers enter with every secret replaced by its name (the masker
 * does that), the body as a hash of its masked text; the secret values themselves enter only as an
 * HMAC under a random per-install key, so two different secrets never share an entry and nothing
 * in a key (or a file name) can be matched against a guessed secret without that key.
 */
import { createHash, createHmac } from 'node:crypto';
import type { OutgoingRequest } from '../http/send';
import type { Masker } from '../secrets/mask';

export interface KeyMaterial {
  request: OutgoingRequest;
  /** The resolved auth block (its secret values are part of the HMAC, never of the key). */
  auth: unknown;
}

const sha256 = (text: string | Buffer): string => createHash('sha256').update(text).digest('hex');

function headerValue(headers: Record<string, string>, name: string): string | null {
  const l = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === l) return v;
  return null;
}

/** The key of the request without `Vary` (where the list of varied headers is kept). */
export function baseKey(m: KeyMaterial, installKey: Buffer, masker: Masker): string {
  const body = m.request.body === undefined ? null : String(m.request.body);
  const visible = {
    method: m.request.method,
    url: masker.mask(m.request.url.href),
    body: body === null ? null : sha256(masker.mask(body)),
    auth: m.auth === undefined ? null : masker.maskDeep(m.auth),
  };
  // Headers enter only when they carry a secret (an API key in `X-Api-Key` without an `auth`
  // block): other headers do not change the response unless `Vary` names them (variantKey).
  const secretHeaders = Object.entries(m.request.headers)
    .filter(([, v]) => masker.mask(v) !== v)
    .map(([k, v]) => [k.toLowerCase(), v])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const secrets = createHmac('sha256', installKey)
    .update(JSON.stringify({ url: m.request.url.href, body, auth: m.auth ?? null, headers: secretHeaders }))
    .digest('hex');
  return sha256(JSON.stringify({ v: 1, ...visible, secrets }));
}

/** The entry's key: the base key plus the values of the headers the response varies on. */
export function variantKey(base: string, vary: readonly string[], request: OutgoingRequest, installKey: Buffer, masker: Masker): string {
  if (vary.length === 0) return base;
  const names = [...vary].map((n) => n.toLowerCase()).sort();
  const values = names.map((n) => headerValue(request.headers, n));
  const visible = values.map((v) => (v === null ? null : masker.mask(v)));
  const secrets = createHmac('sha256', installKey).update(JSON.stringify(values)).digest('hex');
  return sha256(JSON.stringify({ base, names, visible, secrets }));
}
