/**
 * `auth: { type: aws, accessKeyId, secretAccessKey, sessionToken, region, service }`: AWS
 * Signature Version 4 (docs/reference.md#auth). Every request is signed as sent: after references,
 * over its body, at each attempt and each redirect hop with a fresh date from the run's clock.
 * The signing itself is the `aws4` package's (checked against AWS's published test suite,
 * test/fixtures/aws-sig-v4); what is ours is which headers are set before it signs.
 *
 * Masking: the secret access key never leaves this module; each signature (derived from it) is
 * registered under the key's secret name, so it is masked wherever it appears and a redirect hop
 * that would carry it is checked against the origins that secret is allowed for.
 */
import { createHash } from 'node:crypto';
import { RequestSigner } from 'aws4';
import { IonError } from '../errors';
import type { AwsAuth } from '../model';
import type { OutgoingRequest } from '../http/send';
import type { Clock } from '../ports';
import type { Masker } from '../secrets/mask';
import type { AuthProvider } from './types';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface AwsScope {
  region: string;
  service: string;
}

export interface SignedParts {
  canonicalRequest: string;
  stringToSign: string;
  authorization: string;
  signature: string;
}

/** The input of one signature: what goes on the wire, headers as written. */
export interface SignInput {
  method: string;
  /** Host and port as in the Host header (`example.amazonaws.com`, `127.0.0.1:8080`). */
  host: string;
  /** Path and query as sent. */
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

/**
 * Signs `input` as it is (no header added): the canonical request, the string to sign and the
 * Authorization header. `rawPath`: the path is taken as already canonical (the published test
 * suite's cases); otherwise each segment is encoded again, as AWS wants for every service but S3.
 */
export function signParts(input: SignInput, creds: AwsCredentials, scope: AwsScope, amzDate: string, rawPath = false): SignedParts & { path: string } {
  const signer = new RequestSigner(
    {
      method: input.method,
      host: input.host,
      path: input.path,
      headers: { ...input.headers },
      body: input.body,
      service: scope.service,
      region: scope.region,
      doNotModifyHeaders: true,
      doNotEncodePath: rawPath,
    },
    creds,
  );
  signer.datetime = amzDate;
  const canonicalRequest = signer.canonicalString();
  const stringToSign = signer.stringToSign();
  const signature = signer.signature();
  const signed = signer.sign();
  return { canonicalRequest, stringToSign, signature, authorization: String(signed.headers.Authorization), path: signed.path };
}

/** `20150830T123600Z`: the X-Amz-Date of an instant. */
export function amzDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[:-]|\.\d{3}/g, '');
}

/** Services that want the payload's hash in `X-Amz-Content-Sha256` (S3 and its relatives, Glacier). */
function wantsContentHash(service: string): boolean {
  return /^s3/.test(service) || service === 'glacier';
}

/** What the signer keeps in a path without re-encoding it whole (aws4's `parsePath`). */
const SIGNER_ODD = /[^0-9A-Za-z;,/?:@&=+$\-_.!~*'()#%]/g;
const OWN_HEADERS = new Set(['authorization', 'x-amz-date', 'x-amz-security-token', 'host']);
const HEX_HASH = /^[0-9a-f]{64}$/;

function sha256Hex(body: string | Buffer | undefined): string {
  return createHash('sha256')
    .update(body ?? '')
    .digest('hex');
}

/**
 * Signs `req` in place as it will be sent at `now`: sets X-Amz-Date, X-Amz-Security-Token (with a
 * session token), X-Amz-Content-Sha256 (where the service wants it, or recomputed when the request
 * carries a hash, such as a redirect whose body was dropped), Authorization; the URL takes the
 * signer's canonical spelling of the path and query, so what is sent is what was signed.
 */
export function signRequest(req: OutgoingRequest, creds: AwsCredentials, scope: AwsScope, now: number): SignedParts {
  const headers: Record<string, string> = {};
  let contentHash: string | undefined;
  for (const [k, v] of Object.entries(req.headers)) {
    const l = k.toLowerCase();
    if (OWN_HEADERS.has(l)) continue;
    if (l === 'x-amz-content-sha256') {
      // A literal such as UNSIGNED-PAYLOAD stays; a hash is the hash of the body as sent now.
      contentHash = HEX_HASH.test(v) ? sha256Hex(req.body) : v;
      continue;
    }
    headers[k] = v;
  }
  const date = amzDate(now);
  headers['X-Amz-Date'] = date;
  if (creds.sessionToken) headers['X-Amz-Security-Token'] = creds.sessionToken;
  if (contentHash === undefined && wantsContentHash(scope.service)) contentHash = sha256Hex(req.body);
  if (contentHash !== undefined) headers['X-Amz-Content-Sha256'] = contentHash;
  // Characters a WHATWG URL leaves as they are but the signer would re-encode, with the whole path
  // (turning an encoded `%2F` into `%252F`, another resource): percent-encoded first, the same
  // for the signer and on the wire.
  const path = `${req.url.pathname}${req.url.search}`.replace(SIGNER_ODD, (c) => encodeURIComponent(c));
  let parts: SignedParts & { path: string };
  try {
    parts = signParts({ method: req.method, host: req.url.host, path, headers, body: req.body }, creds, scope, date);
  } catch (e) {
    throw new IonError('invalid_file', `the request cannot be signed for AWS (${(e as Error)?.name ?? 'error'}): check the URL's path and query`);
  }
  headers.Authorization = parts.authorization;
  const signedUrl = new URL(parts.path, req.url.origin);
  req.url.pathname = signedUrl.pathname;
  req.url.search = signedUrl.search;
  req.headers = headers;
  return parts;
}

function required(auth: AwsAuth, key: 'accessKeyId' | 'secretAccessKey' | 'region' | 'service'): string {
  const v = auth[key];
  if (v === undefined || v === null || String(v).trim() === '') {
    throw new IonError('invalid_file', `auth.${key} is empty after resolving references`, {
      hint: 'Set `accessKeyId`, `secretAccessKey` (secrets), `region` and `service` in the aws auth block.',
    });
  }
  return String(v).trim();
}

export function awsAuth(auth: AwsAuth, ctx: { clock: Clock; masker: Masker }): AuthProvider {
  const creds: AwsCredentials = {
    accessKeyId: required(auth, 'accessKeyId'),
    secretAccessKey: required(auth, 'secretAccessKey'),
    sessionToken: auth.sessionToken === undefined || auth.sessionToken === '' ? undefined : String(auth.sessionToken),
  };
  const scope: AwsScope = { region: required(auth, 'region'), service: required(auth, 'service') };
  // Masked however they were written (a literal in the file, or an error page echoing them).
  ctx.masker.add(creds.secretAccessKey);
  if (creds.sessionToken) ctx.masker.add(creds.sessionToken);
  // The name the secret access key was stored under: each signature is registered as a form of it.
  const keyName = [...ctx.masker.namesIn(creds.secretAccessKey)].find((n) => n !== '') ?? '';
  const sign = async (req: OutgoingRequest) => {
    const parts = signRequest(req, creds, scope, ctx.clock.now());
    ctx.masker.add(parts.signature, keyName);
  };
  return { apply: sign, resign: sign };
}
