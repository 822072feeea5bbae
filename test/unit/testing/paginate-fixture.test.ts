import { strict as assert } from 'node:assert';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onlyTest, integration } from './helpers';
import { defaultRateLimits } from '../../../src/core/ratelimit';
import { systemClock } from '../../../src/core/ports';

describe('ion test: paginate and batch with fixture responses', () => {
  it('pages come from `responses` in order: relative Link URLs, an empty last page', async () => {
    const t = await onlyTest(
      integration(`request: { url: "{{ vars.baseUrl }}/repos" }
paginate: { style: link, items: /items }
tests:
  - name: three pages
    responses:
      - { headers: { Link: '</repos?page=2>; rel="next", </repos?page=3>; rel="last"' }, body: { items: [1, 2] } }
      - { headers: { Link: '<https://api.example.com/repos?page=3>; rel="next"' }, body: { items: [3] } }
      - { body: { items: [] } }
    expect: { ok: true, attempts: 3, output: [1, 2, 3] }
`),
    );
    assert.equal(t.state, 'passed', JSON.stringify(t.failures));
    assert.deepEqual(t.fixtureRequests?.map((r) => r.path), ['/repos', '/repos?page=2', '/repos?page=3']);
    assert.deepEqual(t.result?.attempts.map((a) => a.page), [1, 2, 3]);
  });

  it('a cross-origin next link is refused while the request carries a secret', async () => {
    const t = await onlyTest(
      integration(`auth: { type: bearer, token: "{{ secret.gh }}" }
request: { url: "{{ vars.baseUrl }}/repos" }
paginate: { style: link }
tests:
  - name: refused
    responses:
      - { headers: { Link: '<https://evil.example.net/steal>; rel="next"' }, body: [1] }
    expect: { ok: false, error: secret_blocked, attempts: 1 }
`),
    );
    assert.equal(t.state, 'passed', JSON.stringify(t.failures));
    assert.equal(t.fixtureRequests?.length, 1);
    assert.match(t.result!.errors[0].message, /page 1: the next link goes to https:\/\/evil\.example\.net/);
  });

  it('without secrets, a next link to another origin is followed (that origin is a fixture origin too)', async () => {
    const t = await onlyTest(
      integration(`request: { url: "{{ vars.baseUrl }}/repos" }
paginate: { style: link }
tests:
  - name: elsewhere
    responses:
      - { headers: { Link: '<https://mirror.example.org/repos?page=2>; rel="next"' }, body: [1] }
      - { body: [2] }
    expect: { ok: true, output: [1, 2] }
`),
    );
    assert.equal(t.state, 'passed', JSON.stringify(t.failures));
    assert.deepEqual(t.fixtureRequests?.map((r) => r.origin), ['https://api.example.com', 'https://mirror.example.org']);
  });

  it('maxPages reached is a warning; a failed page mid-way fails naming it', async () => {
    const r = await onlyTest(
      integration(`request: { url: "{{ vars.baseUrl }}/l" }
paginate: { style: cursor, next: /next, param: cursor, items: /data, maxPages: 2 }
tests:
  - name: capped
    responses:
      - { body: { data: [1], next: a } }
      - { body: { data: [2], next: b } }
    expect: { ok: true, output: [1, 2] }
`),
    );
    assert.equal(r.state, 'passed', JSON.stringify(r.failures));
    assert.deepEqual(r.result?.warnings?.map((w) => w.code), ['max_pages']);
    assert.deepEqual(r.fixtureRequests?.map((x) => x.path), ['/l', '/l?cursor=a']);

    const f = await onlyTest(
      integration(`request: { url: "{{ vars.baseUrl }}/l" }
paginate: { style: page, param: page, items: /data }
tests:
  - name: page 2 fails
    responses:
      - { body: { data: [1] } }
      - { status: 500, body: { error: boom } }
    expect: { ok: false, error: server_error, attempts: 2 }
`),
    );
    assert.equal(f.state, 'passed', JSON.stringify(f.failures));
    assert.match(f.result!.errors[0].message, /^page 2: /);
  });

  it('rateLimit in a fixture test waits in virtual time, on a limiter of its own (not the process one)', async () => {
    // The process-wide limiter of this integration is busy (a real run just used its only slot).
    await defaultRateLimits.for('sample', join(tmpdir(), 'sample.ion.yaml'), { requests: 1, perMs: 60_000 }).acquire(systemClock);
    const t = await onlyTest(
      integration(`request: { url: "{{ vars.baseUrl }}/l" }
paginate: { style: page, param: page }
rateLimit: { requests: 1, per: 1m }
tests:
  - name: three pages, one a minute
    responses: [{ body: [1] }, { body: [2] }, { body: [] }]
    expect: { ok: true, output: [1, 2] }
`),
    );
    assert.equal(t.state, 'passed', JSON.stringify(t.failures));
    // Two waits of a minute less the real time between the sends (the virtual clock runs on real time).
    assert.ok(t.virtualWaitMs > 110_000 && t.virtualWaitMs <= 120_000, String(t.virtualWaitMs));
    const waits = t.result!.attempts.map((a) => a.waitMs);
    assert.equal(waits[0], 0);
    assert.ok(waits.slice(1).every((w) => w > 55_000 && w <= 60_000), String(waits));
  });

  it('batch: one fixture response per chunk, in order', async () => {
    const t = await onlyTest(
      integration(`trigger: { type: manual, input: { ids: [1, 2, 3, 4, 5] } }
batch: { over: "{{ input.ids }}", size: 2 }
request: { method: POST, url: "{{ vars.baseUrl }}/bulk", body: { ids: "{{ batch.items }}", part: "{{ batch.index }}" } }
tests:
  - name: chunks
    responses:
      - { body: { ok: 2 } }
      - { body: { ok: 2 } }
      - { body: { ok: 1 } }
    expect: { ok: true, attempts: 3, output: [{ ok: 2 }, { ok: 2 }, { ok: 1 }] }
`),
    );
    assert.equal(t.state, 'passed', JSON.stringify(t.failures));
    assert.deepEqual(t.fixtureRequests?.map((r) => JSON.parse(r.body)), [{ ids: [1, 2], part: 0 }, { ids: [3, 4], part: 1 }, { ids: [5], part: 2 }]);
  });
});
