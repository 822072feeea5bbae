import { strict as assert } from 'node:assert';
import { parseLinkHeader, linkWithRel } from '../../../src/core/engine/link-header';
import { atPointer } from '../../../src/core/engine/pointer';
import { json, startServer, type TestServer } from '../../helpers/server';
import { mapSecrets, runYaml } from '../../helpers/engine';
import { parseIntegration } from '../../../src/core/parse';
import { transformHook } from '../../../src/core/transform/hook';
import { complete } from '../../../src/core/editor/completion';
import { hoverAt } from '../../../src/core/editor/hover';
import { renderRunResult, style } from '../../../src/cli/render/run-result';

const ITEMS = Array.from({ length: 7 }, (_, i) => ({ id: i + 1 }));

describe('paginate: Link headers and pointers', () => {
  it('parses several links, quoted parameters with commas and rel lists', () => {
    const h = '<https://a.test/x?page=2&per=1>; rel="next"; title="a, b; c", </x?page=9>; rel="last prev", <https://a.test/y>;rel=first';
    const links = parseLinkHeader(h);
    assert.deepEqual(links.map((l) => l.target), ['https://a.test/x?page=2&per=1', '/x?page=9', 'https://a.test/y']);
    assert.deepEqual(links[0].params.title, 'a, b; c');
    assert.deepEqual(links[1].rels, ['last', 'prev']);
    assert.equal(linkWithRel('<a>; rel="prev", <b>; REL="Next"', 'next'), 'b');
    assert.equal(linkWithRel('<a>; rel="prev"', 'next'), undefined);
    assert.equal(linkWithRel(undefined, 'next'), undefined);
  });

  it('reads RFC 6901 pointers', () => {
    const doc = { data: [{ id: 1 }], 'a/b': { '~x': 2 }, has_more: false };
    assert.deepEqual(atPointer(doc, ''), doc);
    assert.equal(atPointer(doc, '/data/0/id'), 1);
    assert.equal(atPointer(doc, '/a~1b/~0x'), 2);
    assert.equal(atPointer(doc, '/has_more'), false);
    assert.equal(atPointer(doc, '/data/1'), undefined);
    assert.equal(atPointer({ data: [{ id: 'a' }, { id: 'b' }] }, '/data/-1/id'), 'b');
    assert.equal(atPointer({ data: [] }, '/data/-1/id'), undefined);
    assert.equal(atPointer(doc, '/nope/x'), undefined);
  });
});

describe('paginate: in a run against a loopback server', () => {
  let server: TestServer;
  let other: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    await other?.close();
    other = undefined;
  });

  /** Pages of `per` items from ITEMS; `page` is 1-based. */
  const slice = (page: number, per: number) => ITEMS.slice((page - 1) * per, page * per);

  it('link: follows relative next links, concatenates items, one attempt line per page', async () => {
    server = await startServer((req, res) => {
      const u = new URL(req.url, 'http://x');
      const page = Number(u.searchParams.get('page') ?? 1);
      const last = page * 3 >= ITEMS.length;
      json(res, 200, slice(page, 3), last ? {} : { link: `</list?page=${page + 1}>; rel="next", </list?page=1>; rel="first"` });
    });
    const { result } = await runYaml(`version: 1
name: p
request: { url: "${server.origin}/list" }
paginate: { style: link }
`);
    assert.equal(result.ok, true, JSON.stringify(result.errors));
    assert.deepEqual(result.output, ITEMS);
    assert.deepEqual(result.attempts.map((a) => [a.page, a.status]), [[1, 200], [2, 200], [3, 200]]);
    assert.deepEqual(server.requests.map((r) => r.url), ['/list', '/list?page=2', '/list?page=3']);
    assert.equal(result.warnings, undefined);
  });

  it('link: the transform sees input.pages and input.items', async () => {
    server = await startServer((req, res) => {
      const page = req.url.includes('page=2') ? 2 : 1;
      json(res, 200, { data: slice(page, 4) }, page === 1 ? { link: `<${server.origin}/list?page=2>; rel="next"` } : {});
    });
    const { result } = await runYaml(`version: 1
name: p
request: { url: "${server.origin}/list" }
paginate: { style: link, items: /data }
transform: |
  return { pages: input.pages.length, statuses: input.pages.map(p => p.status), first: input.pages[0].json.data.length, ids: input.items.map(i => i.id), link: input.pages[0].headers.link !== undefined };
`, { hooks: { transform: transformHook } });
    assert.equal(result.ok, true, JSON.stringify(result.errors));
    assert.deepEqual(result.output, { pages: 2, statuses: [200, 200], first: 4, ids: [1, 2, 3, 4, 5, 6, 7], link: true });
  });

  it('link: a next link to another origin is refused while the request carries a secret, followed when listed in paginate.origins', async () => {
    other = await startServer((req, res) => json(res, 200, [{ id: 99 }]));
    server = await startServer((req, res) => json(res, 200, [{ id: 1 }], { link: `<${other!.origin}/more>; rel="next"` }));
    const yaml = (extra: string) => `version: 1
name: p
auth: { type: bearer, token: "{{ secret.tok }}" }
request: { url: "${server.origin}/list" }
paginate: { style: link${extra} }
`;
    const secrets = mapSecrets({ tok: 'tok-value-123456' });
    const refused = await runYaml(yaml(''), { secrets });
    assert.equal(refused.result.ok, false);
    assert.equal(refused.result.errors[0].code, 'secret_blocked');
    assert.match(refused.result.errors[0].message, /^page 1: the next link goes to http:\/\/127\.0\.0\.1:\d+, another origin/);
    assert.equal(other.requests.length, 0, 'nothing was sent to the other origin');

    const allowed = await runYaml(yaml(`, origins: ["${other.origin}"]`), { secrets });
    assert.equal(allowed.result.ok, true, JSON.stringify(allowed.result.errors));
    assert.deepEqual(allowed.result.output, [{ id: 1 }, { id: 99 }]);
    assert.equal(other.requests[0].headers.authorization, 'Bearer tok-value-123456');

    // Listed, but the secret is bound elsewhere: still refused.
    const bound = await runYaml(yaml(`, origins: ["${other.origin}"]`), { secrets: mapSecrets({ tok: 'tok-value-123456' }, { tok: [server.origin] }) });
    assert.equal(bound.result.errors[0].code, 'secret_blocked');
    assert.equal(other.requests.length, 1);
  });

  it('link: without secrets a next link to another origin is followed', async () => {
    other = await startServer((req, res) => json(res, 200, [{ id: 99 }]));
    server = await startServer((req, res) => json(res, 200, [{ id: 1 }], { link: `<${other!.origin}/more>; rel="next"` }));
    const { result } = await runYaml(`version: 1
name: p
request: { url: "${server.origin}/list" }
paginate: { style: link }
`);
    assert.equal(result.ok, true, JSON.stringify(result.errors));
    assert.deepEqual(result.output, [{ id: 1 }, { id: 99 }]);
  });

  it('cursor: Stripe-style has_more and starting_after', async () => {
    server = await startServer((req, res) => {
      const after = Number(new URL(req.url, 'http://x').searchParams.get('starting_after') ?? 0);
      const data = ITEMS.filter((i) => i.id > after).slice(0, 3);
      json(res, 200, { object: 'list', data, has_more: data.length > 0 && data[data.length - 1].id < ITEMS.length });
    });
    const { result } = await runYaml(`version: 1
name: p
request: { url: "${server.origin}/v1/customers", query: { limit: 3 } }
paginate: { style: cursor, items: /data, next: /data/-1/id, hasMore: /has_more, param: starting_after }
`);
    assert.equal(result.ok, true, JSON.stringify(result.errors));
    assert.deepEqual(result.output, ITEMS);
    assert.deepEqual(server.requests.map((r) => r.url), ['/v1/customers?limit=3', '/v1/customers?limit=3&starting_after=3', '/v1/customers?limit=3&starting_after=6']);
  });

  it('cursor: stops on a null cursor; in: body sends it in the JSON body', async () => {
    server = await startServer((req, res) => {
      const body = JSON.parse(req.body) as { cursor?: string; q: string };
      if (!body.cursor) json(res, 200, { items: [1, 2], next: 'c2' });
      else json(res, 200, { items: [3], next: null });
    });
    const { result } = await runYaml(`version: 1
name: p
request: { method: POST, url: "${server.origin}/search", body: { q: x } }
paginate: { style: cursor, items: /items, next: /next, param: cursor, in: body }
`);
    assert.equal(result.ok, true, JSON.stringify(result.errors));
    assert.deepEqual(result.output, [1, 2, 3]);
    assert.deepEqual(server.requests.map((r) => JSON.parse(r.body)), [{ q: 'x' }, { q: 'x', cursor: 'c2' }]);
  });

  it('page and offset: count up and stop on an empty last page', async () => {
    server = await startServer((req, res) => {
      const u = new URL(req.url, 'http://x');
      if (u.pathname === '/paged') json(res, 200, { items: slice(Number(u.searchParams.get('p')), 3) });
      else {
        const off = Number(u.searchParams.get('offset'));
        json(res, 200, { items: ITEMS.slice(off, off + Number(u.searchParams.get('limit'))) });
      }
    });
    const paged = await runYaml(`version: 1
name: p
request: { url: "${server.origin}/paged" }
paginate: { style: page, items: /items, param: p }
`);
    assert.equal(paged.result.ok, true, JSON.stringify(paged.result.errors));
    assert.deepEqual(paged.result.output, ITEMS);
    assert.deepEqual(server.requests.map((r) => r.url), ['/paged?p=1', '/paged?p=2', '/paged?p=3', '/paged?p=4']);
    server.requests.length = 0;
    const offset = await runYaml(`version: 1
name: p
request: { url: "${server.origin}/off" }
paginate: { style: offset, items: /items, param: offset, limit: 4, limitParam: limit }
`);
    assert.equal(offset.result.ok, true, JSON.stringify(offset.result.errors));
    assert.deepEqual(offset.result.output, ITEMS);
    assert.deepEqual(server.requests.map((r) => r.url), ['/off?offset=0&limit=4', '/off?offset=4&limit=4', '/off?offset=7&limit=4']);
  });

  it('maxPages reached is a warning, not a failure', async () => {
    let n = 0;
    server = await startServer((req, res) => json(res, 200, [1], { link: `</list?page=${++n + 1}>; rel="next"` }));
    const { result } = await runYaml(`version: 1
name: p
request: { url: "${server.origin}/list" }
paginate: { style: link, maxPages: 3 }
`);
    assert.equal(result.ok, true);
    assert.deepEqual(result.output, [1, 1, 1]);
    assert.equal(server.requests.length, 3);
    assert.deepEqual(result.warnings?.map((w) => w.code), ['max_pages']);
  });

  it('a failed page mid-way fails the run and names the page; its retries are attempt lines of that page', async () => {
    let n = 0;
    server = await startServer((req, res) => {
      n++;
      if (req.url.includes('page=2')) json(res, 503, { error: 'down' });
      else json(res, 200, [n], { link: '</list?page=2>; rel="next"' });
    });
    const { result } = await runYaml(`version: 1
name: p
request: { url: "${server.origin}/list" }
retry: { maxAttempts: 2, on: [503] }
paginate: { style: link }
`);
    assert.equal(result.ok, false);
    assert.equal(result.errors[0].code, 'server_error');
    assert.match(result.errors[0].message, /^page 2: /);
    assert.deepEqual(result.attempts.map((a) => [a.page, a.status]), [[1, 200], [2, 503], [2, 503]]);
  });

  it('every page is validated (validate.response), and maxBytes caps the pages together', async () => {
    server = await startServer((req, res) => json(res, 200, req.url.includes('page=2') ? [{ id: 'x' }] : [{ id: 1 }], req.url.includes('page=2') ? {} : { link: '</l?page=2>; rel="next"' }));
    const invalid = await runYaml(`version: 1
name: p
request: { url: "${server.origin}/l" }
paginate: { style: link }
validate: { response: { type: array, items: { properties: { id: { type: integer } } } } }
`);
    assert.equal(invalid.result.errors[0].code, 'validation_failed');
    assert.match(invalid.result.errors[0].message, /^page 2: the response body does not match/);
    const big = await runYaml(`version: 1
name: p
request: { url: "${server.origin}/l" }
paginate: { style: link, maxBytes: 20 }
`);
    assert.equal(big.result.errors[0].code, 'response_too_large');
    assert.match(big.result.errors[0].message, /^page 2: /);
  });

  it('items that are not an array fail naming the page', async () => {
    server = await startServer((req, res) => json(res, 200, { data: 'nope' }));
    const { result } = await runYaml(`version: 1
name: p
request: { url: "${server.origin}/l" }
paginate: { style: link, items: /data }
`);
    assert.equal(result.errors[0].code, 'validation_failed');
    assert.match(result.errors[0].message, /page 1: paginate.items `\/data` is not an array/);
  });
});

describe('paginate, batch, rateLimit: validation', () => {
  const diags = (rest: string) => {
    return parseIntegration(`version: 1\nname: v\nrequest: { url: "https://a.test/x" }\n${rest}`).diagnostics.map((d) => `${d.code}:${d.severity}`);
  };
  it('accepts each style as documented', () => {
    assert.deepEqual(diags('paginate: { style: link, items: /data, maxPages: 5, maxBytes: 10MB }\n'), []);
    assert.deepEqual(diags('paginate: { style: cursor, items: /data, next: /data/-1/id, hasMore: /has_more, param: starting_after }\n'), []);
    assert.deepEqual(diags('paginate: { style: page, param: page, start: 0 }\n'), []);
    assert.deepEqual(diags('paginate: { style: offset, param: offset, limit: 50, limitParam: limit }\n'), []);
    assert.deepEqual(diags('rateLimit: { requests: 5, per: 1s }\n'), []);
  });
  it('flags bad pointers, missing style keys, keys of another style, paginate with batch, bad rate limits', () => {
    assert.ok(diags('paginate: { style: link, items: data }\n').includes('bad_pointer:error'));
    assert.ok(diags('paginate: { style: cursor, param: c }\n').includes('missing_key:error'));
    assert.ok(diags('paginate: { style: link, param: p }\n').includes('unused_key:warning'));
    assert.ok(diags('paginate: { style: cursor, next: /n, param: c, in: body }\n').includes('bad_value:error'));
    assert.ok(diags('trigger: { type: manual, input: { a: [1] } }\nbatch: { over: "{{ input.a }}", size: 1 }\npaginate: { style: link }\n').includes('conflicting_keys:error'));
    assert.ok(diags('rateLimit: { requests: 5, per: soon }\n').includes('bad_duration:error'));
    assert.ok(diags('rateLimit: { requests: 5, per: 0s }\n').includes('out_of_range:error'));
    assert.ok(diags('rateLimit: { requests: 0, per: 1s }\n').includes('out_of_range:error'));
    assert.ok(diags('rateLimit: { requests: 5, per: 10 }\n').includes('duration_unit:warning'));
  });
});

describe('paginate, batch, rateLimit: editor', () => {
  const at = (marked: string) => {
    const offset = marked.indexOf('|');
    return complete(marked.replace('|', ''), offset).map((e) => e.label);
  };
  it('completes the keys and styles, and `batch.` references only with a batch block', () => {
    assert.ok(at('version: 1\nname: x\npag|\n').includes('paginate'));
    assert.ok(at('version: 1\nname: x\nrateL|\n').includes('rateLimit'));
    assert.deepEqual(at('version: 1\nname: x\npaginate:\n  style: |\n'), ['link', 'cursor', 'page', 'offset']);
    const withBatch = 'version: 1\nname: x\nbatch: { over: "{{ input.a }}", size: 2 }\nrequest:\n  url: https://a.test/\n  body: { a: "{{ |" }\n';
    assert.ok(at(withBatch).includes('batch.'));
    assert.ok(!at(withBatch.replace('batch: { over: "{{ input.a }}", size: 2 }\n', '')).includes('batch.'));
    assert.deepEqual(at(withBatch.replace('{{ |', '{{ batch.|')), ['items', 'index']);
  });
  it('hover explains the keys', () => {
    const text = 'version: 1\nname: x\nrateLimit: { requests: 2, per: 1s }\n';
    const env = { now: new Date(0), secretNames: [], origins: () => [] };
    assert.match(hoverAt(parseIntegration(text), text.indexOf('rateLimit') + 2, env)?.markdown ?? '', /sliding window/);
    const b = 'version: 1\nname: x\nbatch: { over: "{{ input.a }}", size: 2 }\nrequest:\n  url: https://a.test/\n  query:\n    ids: "{{ batch.items }}"\n';
    assert.match(hoverAt(parseIntegration(b), b.indexOf('batch.items') + 3, env)?.markdown ?? '', /chunk of `batch.over`/);
  });
});

describe('paginate, batch: the CLI names the page or chunk of each attempt', () => {
  it('renders `attempt N (page P)` and `(chunk C)`', () => {
    const base = { ok: true, name: 'n', file: 'f', environment: null, durationMs: 5, request: { method: 'GET', url: 'https://a.test/', headers: {} }, response: null, output: [], logs: [], validation: [], errors: [] };
    const paged = renderRunResult({ ...base, attempts: [{ status: 200, durationMs: 1, waitMs: 0, page: 1 }, { status: 200, durationMs: 1, waitMs: 0, page: 2 }] }, style(false));
    assert.match(paged, /attempt 1 \(page 1\): 200/);
    assert.match(paged, /attempt 2 \(page 2\): 200/);
    assert.match(renderRunResult({ ...base, attempts: [{ status: 200, durationMs: 1, waitMs: 0, chunk: 0 }, { status: 200, durationMs: 1, waitMs: 0, chunk: 1 }] }, style(false)), /attempt 2 \(chunk 1\): 200/);
    assert.match(renderRunResult({ ...base, attempts: [{ status: 503, durationMs: 1, waitMs: 0 }, { status: 200, durationMs: 1, waitMs: 0 }] }, style(false)), /attempt 1: 503/);
  });
});

describe('paginate: hover on a style', () => {
  it('explains the chosen style', () => {
    const text = 'version: 1\nname: x\nrequest: { url: "https://a.test/" }\npaginate:\n  style: cursor\n';
    const h = hoverAt(parseIntegration(text), text.indexOf('cursor') + 2, { now: new Date(0), secretNames: [], origins: () => [] });
    assert.match(h?.markdown ?? '', /Stripe style/);
  });
});
