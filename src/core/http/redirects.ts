/**
 * Redirects, followed by our code (the transport never follows them), at most 5. To another origin
 * every header and query parameter that carries a secret is dropped (and Authorization, Cookie);
 * https → http while the request carries secrets is refused; every hop is checked against the
 * secrets' allowed origins before it is sent.
 */
import { IonError } from '../errors';
import { originOf } from '../secrets/origins';
import type { Masker } from '../secrets/mask';
import { sendOnce, type HttpResponse, type OutgoingRequest, type SendOptions } from './send';

export const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const ALWAYS_DROPPED_CROSS_ORIGIN = new Set(['authorization', 'cookie', 'proxy-authorization']);
const BODY_HEADERS = new Set(['content-type', 'content-length', 'content-encoding']);

export interface ExchangeOptions extends SendOptions {
  followRedirects: boolean;
  masker: Masker;
  /** Throws (secret_blocked) when a hop would carry a secret to an origin it is not allowed for. */
  authorizeHop(request: OutgoingRequest): Promise<void>;
  /** Told about each redirect followed (for the run's logs). */
  onRedirect?(from: URL, to: URL, status: number): void;
  /** Signs a hop again before it is checked and sent (AWS Signature V4 signs each request as sent). */
  resign?(request: OutgoingRequest): Promise<void>;
}

export interface ExchangeResult {
  response: HttpResponse;
  /** The request of the last hop (its URL is the final URL). */
  request: OutgoingRequest;
  redirects: number;
}

function carries(req: OutgoingRequest, masker: Masker): boolean {
  if (masker.size === 0) return false;
  if (masker.carries(req.url.href)) return true;
  if (Object.values(req.headers).some((v) => masker.carries(v))) return true;
  return req.body !== undefined && masker.carries(req.body.toString());
}

/** The request for the next hop, or an IonError when following it is refused. */
export function nextHop(current: OutgoingRequest, status: number, location: string, masker: Masker): OutgoingRequest {
  let next: URL;
  try {
    next = new URL(location, current.url);
  } catch {
    throw new IonError('redirect_refused', `the server redirected to an invalid URL (${status})`);
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') {
    throw new IonError('redirect_refused', `the server redirected to a ${next.protocol} URL, which is not followed`);
  }
  next.hash = '';
  if (current.url.protocol === 'https:' && next.protocol === 'http:' && carries(current, masker)) {
    throw new IonError('redirect_refused', `the server redirected from https to http (${originOf(next)}) while the request carries secrets; refused`);
  }
  let method = current.method;
  let body = current.body;
  const headers: Record<string, string> = { ...current.headers };
  const becomesGet = status === 303 ? method !== 'HEAD' && method !== 'GET' : (status === 301 || status === 302) && method === 'POST';
  if (becomesGet) {
    method = 'GET';
    body = undefined;
    for (const k of Object.keys(headers)) if (BODY_HEADERS.has(k.toLowerCase())) delete headers[k];
  }
  if (originOf(next) !== originOf(current.url)) {
    for (const [k, v] of Object.entries(headers)) {
      if (ALWAYS_DROPPED_CROSS_ORIGIN.has(k.toLowerCase()) || masker.carries(k) || masker.carries(v)) delete headers[k];
    }
    for (const [k, v] of [...next.searchParams.entries()]) {
      if (masker.carries(k) || masker.carries(v)) next.searchParams.delete(k);
    }
    if (masker.carries(next.href)) {
      throw new IonError('redirect_refused', `the server redirected to another origin (${originOf(next)}) with a secret in the URL; refused`);
    }
    if (body !== undefined && masker.carries(body.toString())) {
      throw new IonError('redirect_refused', `the server redirected (${status}) to another origin (${originOf(next)}) and the body carries a secret; refused`);
    }
  }
  return { method, url: next, headers, body };
}

/** Sends `request`, following redirects as docs/reference.md#redirects says. */
export async function exchange(request: OutgoingRequest, options: ExchangeOptions): Promise<ExchangeResult> {
  let current = request;
  for (let redirects = 0; ; redirects++) {
    await options.authorizeHop(current);
    const response = await sendOnce(current, options);
    const location = response.headers.location;
    if (!options.followRedirects || !REDIRECT_STATUSES.has(response.status) || !location) {
      return { response, request: current, redirects };
    }
    if (redirects >= MAX_REDIRECTS) {
      throw new IonError('redirect_refused', `more than ${MAX_REDIRECTS} redirects (last to ${location})`);
    }
    const next = nextHop(current, response.status, location, options.masker);
    options.onRedirect?.(current.url, next.url, response.status);
    if (options.resign) await options.resign(next);
    current = next;
  }
}
