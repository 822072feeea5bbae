/**
 * `paginate:` (README "Pagination", docs/reference.md#paginate): every page fetched with the
 * request's own retries (each attempt a line of the result, with its `page`), validated like a
 * single response, its items read at the `items` pointer; the next page from a `Link` header,
 * a cursor in the body, or a page number or offset counting up. A failed page fails the run
 * and is named; reaching `maxPages` is a warning (`max_pages`), exceeding `maxBytes` a failure.
 */
import { IonError } from '../errors';
import type { OutgoingRequest } from '../http/send';
import type { JsonValue, PaginateSpec } from '../model';
import type { AttemptRecord, RunWarning, ValidationIssue } from '../result';
import { originOf, parseOriginList } from '../secrets/origins';
import { formatSize, parseSize } from '../units';
import { attemptLoop, type AttemptLoopOptions } from './attempts';
import { linkWithRel } from './link-header';
import { checkResponse, namedError, type CheckedResponse, type SendContext, type SendOutcome } from './multi';
import { atPointer } from './pointer';

export const DEFAULT_MAX_PAGES = 100;

interface PageState {
  /** page: the current page number; offset: items received so far. */
  counter: number;
}

function withParam(url: URL, name: string, value: string): URL {
  const u = new URL(url.href);
  u.searchParams.set(name, value);
  return u;
}

/** The first page's request: page and offset send their starting value. */
function firstRequest(spec: PaginateSpec, request: OutgoingRequest, state: PageState): OutgoingRequest {
  if (spec.style === 'page' && spec.param) return { ...request, url: withParam(request.url, spec.param, String(state.counter)) };
  if (spec.style === 'offset' && spec.param) {
    let url = withParam(request.url, spec.param, String(state.counter));
    if (spec.limitParam && spec.limit !== undefined) url = withParam(url, spec.limitParam, String(spec.limit));
    return { ...request, url };
  }
  return request;
}

/** Whether the request carries a secret (in its values or through `auth`). */
function carriesSecrets(ctx: SendContext): boolean {
  const auth = ctx.plan.auth;
  return (auth !== undefined && auth.type !== 'none') || ctx.plan.uses.some((u) => u.path[0] !== 'output');
}

export async function sendPages(base: AttemptLoopOptions, ctx: SendContext): Promise<SendOutcome> {
  const spec = ctx.plan.file.paginate as PaginateSpec;
  const maxPages = Number.isInteger(spec.maxPages) && spec.maxPages! > 0 ? spec.maxPages! : DEFAULT_MAX_PAGES;
  const maxBytes = spec.maxBytes === undefined ? undefined : parseSize(spec.maxBytes);
  const itemsPointer = spec.items ?? '';
  const state: PageState = { counter: spec.style === 'page' ? (Number.isInteger(spec.start) ? spec.start! : 1) : 0 };
  const attempts: AttemptRecord[] = [];
  const pages: CheckedResponse[] = [];
  const items: JsonValue[] = [];
  const warnings: RunWarning[] = [];
  const firstOrigin = originOf(base.request.url);
  let request = firstRequest(spec, base.request, state);
  // Every request sent, so a next page that repeats one (a cursor or link that does not advance)
  // ends the run instead of fetching the same page up to maxPages times.
  const sentRequests = new Map<string, number>([[requestKey(request), 1]]);
  let previousBody: Buffer | undefined;
  let totalBytes = 0;
  let last: SendOutcome | undefined;
  const fail = (error: IonError, response = last?.response, validation?: ValidationIssue[]): SendOutcome => ({
    attempts,
    sent: last?.sent ?? request,
    response,
    error,
    warnings,
    validation,
  });

  for (let n = 1; ; n++) {
    const label = `page ${n}`;
    const loop = await attemptLoop({ ...base, request });
    for (const a of loop.attempts) attempts.push({ ...a, page: n });
    last = { ...loop, attempts, warnings };
    if (loop.error) return fail(namedError(loop.error, label), loop.response);
    const response = loop.response!;
    const checked = checkResponse(response, ctx, label, request.url);
    if (!checked.ok) return fail(checked.error, response, checked.validation);
    totalBytes += response.sizeBytes;
    if (maxBytes !== undefined && totalBytes > maxBytes) {
      return fail(new IonError('response_too_large', `${label}: the pages so far add up to ${totalBytes} bytes, more than paginate.maxBytes (${formatSize(maxBytes)})`, { offset: ctx.parsed.rangeOf(['paginate', 'maxBytes'])?.start }), response);
    }
    const page = checked.value;
    const found = atPointer(page.json, itemsPointer);
    if (!Array.isArray(found)) {
      const where = itemsPointer === '' ? 'the body is not a JSON array (set paginate.items to the pointer of the array)' : `paginate.items \`${itemsPointer}\` is not an array in the body`;
      return fail(new IonError('validation_failed', `${label}: ${where}`, { offset: ctx.parsed.rangeOf(['paginate', 'items'])?.start }), response);
    }
    pages.push(page);
    for (const item of found) items.push(item);

    let next: OutgoingRequest | undefined;
    try {
      next = await nextRequest(spec, base.request, request, page, found.length, state, ctx, firstOrigin, label);
    } catch (e) {
      if (e instanceof IonError) return fail(e, response);
      throw e;
    }
    if (!next) break;
    const repeated = sentRequests.get(requestKey(next));
    const sameBody = (spec.style === 'page' || spec.style === 'offset') && found.length > 0 && previousBody !== undefined && previousBody.equals(response.body);
    if (repeated !== undefined || sameBody) {
      const what = repeated !== undefined ? `the next page's request is the same as page ${repeated}'s` : `the body is the same as page ${n - 1}'s (the API ignores paginate.param?)`;
      return fail(new IonError('validation_failed', `${label}: ${what}: the list does not advance, so paging stopped`, {
        offset: ctx.parsed.rangeOf(['paginate'])?.start,
        hint: 'Check paginate.next / paginate.param against the API\'s documentation: each page must lead to a different one.',
      }), response);
    }
    previousBody = response.body;
    if (n >= maxPages) {
      warnings.push({ code: 'max_pages', message: `paginate stopped after ${maxPages} pages (paginate.maxPages); there are more` });
      break;
    }
    request = next;
    sentRequests.set(requestKey(next), n + 1);
  }
  // Masked apart: the items are the very objects inside the pages' bodies (maskDeep marks a value
  // met twice in one call as circular).
  const masked = { pages: ctx.masker.maskDeep(pages.map((p) => ({ status: p.status, headers: p.headers, json: p.json ?? null, body: p.body }))), items: ctx.masker.maskDeep(items) };
  return {
    attempts,
    sent: last!.sent,
    response: last!.response,
    warnings,
    multi: { input: { pages: masked.pages as unknown as JsonValue, items: masked.items }, output: masked.items },
  };
}

/** The next page's request, or undefined when this page was the last. */
async function nextRequest(
  spec: PaginateSpec,
  first: OutgoingRequest,
  current: OutgoingRequest,
  page: CheckedResponse,
  received: number,
  state: PageState,
  ctx: SendContext,
  firstOrigin: string | undefined,
  label: string,
): Promise<OutgoingRequest | undefined> {
  switch (spec.style) {
    case 'link': {
      const target = linkWithRel(page.headers['link'], 'next');
      if (target === undefined) return undefined;
      let url: URL;
      try {
        url = new URL(target, current.url);
      } catch {
        throw new IonError('validation_failed', `${label}: the Link header's next URL is not a URL`);
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new IonError('validation_failed', `${label}: the Link header's next URL is not http or https (${url.protocol})`);
      url.hash = '';
      const origin = originOf(url)!;
      if (origin !== firstOrigin && carriesSecrets(ctx)) {
        // A next link to another origin gets the request's credentials only when the file says so
        // (paginate.origins) and every secret is allowed there (docs/reference.md#origins).
        const listed = parseOriginList((spec.origins ?? []).join(','));
        if (!listed.includes(origin)) {
          throw new IonError('secret_blocked', `${label}: the next link goes to ${origin}, another origin, while the request carries secrets; not followed (list the origin in paginate.origins if it is right)`, {
            offset: ctx.parsed.rangeOf(['paginate'])?.start,
          });
        }
        await ctx.gate.checkPlan(ctx.plan.uses.filter((u) => u.path[0] !== 'output').map((u) => ({ ...u, origin })), ctx.parsed);
      }
      return { ...current, url };
    }
    case 'cursor': {
      const cursor = spec.next === undefined ? undefined : atPointer(page.json, spec.next);
      if (spec.hasMore !== undefined && atPointer(page.json, spec.hasMore) === false) return undefined;
      if (cursor === undefined || cursor === null || cursor === '' || typeof cursor === 'object') return undefined;
      if (!spec.param) return undefined;
      if (spec.in === 'body') {
        const body = first.body === undefined ? {} : (JSON.parse(first.body.toString()) as Record<string, JsonValue>);
        const next = { ...body, [spec.param]: cursor };
        return { ...first, body: JSON.stringify(next), headers: withJsonType(first.headers) };
      }
      return { ...first, url: withParam(first.url, spec.param, String(cursor)) };
    }
    case 'page': {
      if (received === 0 || !spec.param) return undefined;
      state.counter += 1;
      return { ...first, url: withParam(first.url, spec.param, String(state.counter)) };
    }
    case 'offset': {
      if (received === 0 || !spec.param) return undefined;
      state.counter += received;
      let url = withParam(first.url, spec.param, String(state.counter));
      if (spec.limitParam && spec.limit !== undefined) url = withParam(url, spec.limitParam, String(spec.limit));
      return { ...first, url };
    }
    default:
      return undefined;
  }
}

/** What makes two page requests the same: method, URL and body (headers do not move a cursor). */
function requestKey(r: OutgoingRequest): string {
  return `${r.method} ${r.url.href}\n${r.body === undefined ? '' : r.body.toString()}`;
}

function withJsonType(headers: Record<string, string>): Record<string, string> {
  if (Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) return headers;
  return { ...headers, 'Content-Type': 'application/json' };
}
