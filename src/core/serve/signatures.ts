/**
 * Webhook signature schemes (docs/reference.md#ion-serve): verified on the raw bytes of the body, in
 * constant time. Written against each scheme's published algorithm and test vectors
 * (test/unit/serve/signatures.test.ts): GitHub `X-Hub-Signature-256`, Stripe `Stripe-Signature`,
 * Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`) and a generic HMAC-SHA256.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignatureScheme = 'github' | 'stripe' | 'standard' | 'hmac-sha256';

/** A `trigger.signature` with its secret resolved. */
export interface SignatureCheck {
  scheme: SignatureScheme;
  secret: string;
  /** hmac-sha256 only: the header that carries the signature. */
  header?: string;
  /** hmac-sha256 only: how the digest is written (default hex). */
  encoding?: 'hex' | 'base64';
  /** hmac-sha256 only: text before the digest, such as `sha256=`. */
  prefix?: string;
  /** Timestamped schemes (stripe, standard): how far the timestamp may be from now, in ms (default 5m). */
  toleranceMs?: number;
}

export type Verdict = { ok: true } | { ok: false; reason: string };

export const DEFAULT_TOLERANCE_MS = 5 * 60 * 1000;

/** Lower-cased header names; a repeated header is its first value. */
export type EventHeaders = Readonly<Record<string, string | undefined>>;

function hmac(key: string | Buffer, parts: Array<string | Buffer>): Buffer {
  const h = createHmac('sha256', key);
  for (const p of parts) h.update(p);
  return h.digest();
}

/** Constant-time comparison of a digest with what the sender wrote (decoded first; a different length is a mismatch). */
function sameDigest(expected: Buffer, given: string, encoding: 'hex' | 'base64'): boolean {
  const text = given.trim();
  const valid = encoding === 'hex' ? /^[0-9a-fA-F]+$/.test(text) && text.length % 2 === 0 : /^[A-Za-z0-9+/]+={0,2}$/.test(text);
  if (!valid) return false;
  const actual = Buffer.from(text, encoding);
  if (actual.length !== expected.length) return false;
  return timingSafeEqual(actual, expected);
}

function withinTolerance(timestampSeconds: string, nowMs: number, toleranceMs: number): boolean {
  if (!/^\d{1,12}$/.test(timestampSeconds)) return false;
  return Math.abs(nowMs - Number(timestampSeconds) * 1000) <= toleranceMs;
}

/** Verifies `raw` (the body's bytes, as received) against the scheme's headers. */
export function verifySignature(check: SignatureCheck, raw: Buffer, headers: EventHeaders, nowMs: number): Verdict {
  const tolerance = check.toleranceMs ?? DEFAULT_TOLERANCE_MS;
  switch (check.scheme) {
    case 'github': {
      const sig = headers['x-hub-signature-256'];
      if (!sig) return { ok: false, reason: 'missing X-Hub-Signature-256' };
      if (!sig.startsWith('sha256=')) return { ok: false, reason: 'X-Hub-Signature-256 does not start with sha256=' };
      return sameDigest(hmac(check.secret, [raw]), sig.slice(7), 'hex') ? { ok: true } : { ok: false, reason: 'bad signature' };
    }
    case 'stripe': {
      const sig = headers['stripe-signature'];
      if (!sig) return { ok: false, reason: 'missing Stripe-Signature' };
      let t: string | undefined;
      const v1: string[] = [];
      for (const part of sig.split(',')) {
        const eq = part.indexOf('=');
        if (eq < 0) continue;
        const k = part.slice(0, eq).trim();
        const v = part.slice(eq + 1).trim();
        if (k === 't') t = v;
        else if (k === 'v1') v1.push(v);
      }
      if (t === undefined || v1.length === 0) return { ok: false, reason: 'Stripe-Signature has no t= or v1=' };
      if (!withinTolerance(t, nowMs, tolerance)) return { ok: false, reason: 'timestamp outside the tolerance' };
      // Stripe signs `t.payload` with the endpoint secret as given (whsec_… included).
      const expected = hmac(check.secret, [`${t}.`, raw]);
      return v1.some((s) => sameDigest(expected, s, 'hex')) ? { ok: true } : { ok: false, reason: 'bad signature' };
    }
    case 'standard': {
      const id = headers['webhook-id'];
      const ts = headers['webhook-timestamp'];
      const sig = headers['webhook-signature'];
      if (!id || !ts || !sig) return { ok: false, reason: 'missing webhook-id, webhook-timestamp or webhook-signature' };
      if (!withinTolerance(ts, nowMs, tolerance)) return { ok: false, reason: 'timestamp outside the tolerance' };
      // The secret is base64, optionally prefixed `whsec_`; the signed content is `id.timestamp.body`.
      const key = Buffer.from(check.secret.startsWith('whsec_') ? check.secret.slice(6) : check.secret, 'base64');
      const expected = hmac(key, [`${id}.${ts}.`, raw]);
      const ok = sig
        .split(' ')
        .filter((s) => s.startsWith('v1,'))
        .some((s) => sameDigest(expected, s.slice(3), 'base64'));
      return ok ? { ok: true } : { ok: false, reason: 'bad signature' };
    }
    case 'hmac-sha256': {
      const name = (check.header ?? 'x-signature').toLowerCase();
      const sig = headers[name];
      if (!sig) return { ok: false, reason: `missing ${check.header ?? 'X-Signature'}` };
      const prefix = check.prefix ?? '';
      if (!sig.startsWith(prefix)) return { ok: false, reason: `${check.header ?? 'X-Signature'} does not start with ${prefix}` };
      return sameDigest(hmac(check.secret, [raw]), sig.slice(prefix.length), check.encoding ?? 'hex') ? { ok: true } : { ok: false, reason: 'bad signature' };
    }
    default:
      return { ok: false, reason: 'unknown signature scheme' };
  }
}

/**
 * The sender's delivery id, for replay protection: `X-GitHub-Delivery`, the Stripe event's `id`,
 * `webhook-id`, or `X-Request-Id`. Undefined when the event carries none.
 */
export function deliveryIdOf(scheme: SignatureScheme | undefined, headers: EventHeaders, json: unknown): string | undefined {
  if (scheme === 'github' && headers['x-github-delivery']) return headers['x-github-delivery'];
  if (scheme === 'stripe' && json && typeof json === 'object' && typeof (json as { id?: unknown }).id === 'string') return (json as { id: string }).id;
  if (headers['webhook-id']) return headers['webhook-id'];
  if (headers['x-github-delivery']) return headers['x-github-delivery'];
  return headers['x-request-id'] || undefined;
}

/** Signs like a sender would (for tests, examples and, later, the editor's Send Test Event). */
export function signHeaders(check: SignatureCheck, raw: Buffer, nowMs: number, id = `msg_${nowMs}`): Record<string, string> {
  const t = String(Math.floor(nowMs / 1000));
  switch (check.scheme) {
    case 'github':
      return { 'X-Hub-Signature-256': `sha256=${hmac(check.secret, [raw]).toString('hex')}`, 'X-GitHub-Delivery': id };
    case 'stripe':
      return { 'Stripe-Signature': `t=${t},v1=${hmac(check.secret, [`${t}.`, raw]).toString('hex')}` };
    case 'standard': {
      const key = Buffer.from(check.secret.startsWith('whsec_') ? check.secret.slice(6) : check.secret, 'base64');
      return { 'webhook-id': id, 'webhook-timestamp': t, 'webhook-signature': `v1,${hmac(key, [`${id}.${t}.`, raw]).toString('base64')}` };
    }
    case 'hmac-sha256':
      return { [check.header ?? 'X-Signature']: `${check.prefix ?? ''}${hmac(check.secret, [raw]).toString(check.encoding ?? 'hex')}`, 'X-Request-Id': id };
  }
}
