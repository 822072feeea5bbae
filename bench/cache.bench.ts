/**
 * Part 9 — response cache: 500 runs of one GET with `cache: { ttl }` against a keep-alive loopback
 * server answering a 1 KB JSON body with an `ETag` (and, in a second table, 20 ms late, like a
 * nearby API). Variants: no cache (every run sends), a fresh hit (no request: the entry file is
 * read), and a revalidation (the entry is stale: If-None-Match sent, 304 answered, body reused).
 * Sequential, interleaved rounds. Run alone: npx tsx bench/cache.bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileCacheStore } from '../src/core/cache';
import { runIntegration } from '../src/core/engine/run';
import { closeSharedTransports } from '../src/core/http/transport';
import { parseIntegration, type ParsedIntegration } from '../src/core/parse';
import type { SecretSource } from '../src/core/ports';
import { body1k } from './lib/server';
import { cell, interleave, ratio, section, stats, table, verdict } from './lib/stats';

const RUNS = Number(process.env.BENCH_CACHE_RUNS ?? 500);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const secrets: SecretSource = { get: async (name) => (name === 'token' ? 'bench-secret-token' : undefined), allowOrigin: async () => true };

async function startEtagServer(delayMs: number): Promise<{ url: string; requests: () => number; close(): Promise<void> }> {
  const buf = Buffer.from(body1k());
  let count = 0;
  const server: Server = createServer((req, res) => {
    count++;
    req.resume();
    const answer = () => {
      if (req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304, { etag: '"v1"' });
        res.end();
      } else {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': buf.length, etag: '"v1"' });
        res.end(buf);
      }
    };
    req.on('end', () => (delayMs > 0 ? setTimeout(answer, delayMs) : answer()));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function file(url: string, ttl: string): ParsedIntegration {
  const p = parseIntegration(`version: 1
name: bench-cache
auth: { type: bearer, token: "{{ secret.token }}" }
request:
  url: "${url}/users/42"
validate:
  status: [200]
cache: { ttl: ${ttl}, conditional: true }
`);
  if (p.hasErrors) throw new Error(p.diagnostics.map((d) => d.message).join('; '));
  return p;
}

async function part(delayMs: number): Promise<string[][]> {
  const server = await startEtagServer(delayMs);
  const dir = mkdtempSync(join(tmpdir(), 'ion-bench-cache-'));
  const store = new FileCacheStore(join(dir, 'fresh'));
  // ttl 1ms in a store of its own: the entry is stale at every run, so each run revalidates.
  const staleStore = new FileCacheStore(join(dir, 'stale'));
  const parsed = file(server.url, '1h');
  const parsedStale = file(server.url, '1ms');
  const run = (o: { cache?: FileCacheStore; stale?: boolean }, expect: string | undefined) => async () => {
    const r = await runIntegration(o.stale ? parsedStale : parsed, { file: '/tmp/bench.ion.yaml', secrets, env: {}, outputs: false, cache: o.cache });
    if (!r.ok || r.cache !== expect) throw new Error(`${r.cache} ${JSON.stringify(r.errors)}`);
  };
  const times = async (one: () => Promise<void>) => {
    const t = performance.now();
    for (let i = 0; i < RUNS; i++) await one();
    return performance.now() - t;
  };
  const noCache = run({}, undefined);
  const hit = run({ cache: store }, 'hit');
  const revalidated = run({ cache: staleStore, stale: true }, 'revalidated');
  await run({ cache: store }, 'miss')(); // the entries
  await run({ cache: staleStore, stale: true }, 'miss')();
  await new Promise((r) => setTimeout(r, 5));
  const before = server.requests();
  let hitRequests = 0;
  const res = await interleave(
    {
      none: () => times(noCache),
      hit: async () => {
        const n = server.requests();
        const t = await times(hit);
        hitRequests += server.requests() - n;
        return t;
      },
      revalidated: () => times(revalidated),
    },
    ROUNDS,
  );
  const n = stats(res.none);
  const h = stats(res.hit);
  const v = stats(res.revalidated);
  const per = (s: { median: number }) => `${((s.median / RUNS) * 1000).toFixed(0)} µs`;
  const label = delayMs > 0 ? `server ${delayMs} ms late` : 'loopback, no delay';
  const rows = [
    [label, 'no cache: every run sends (baseline)', cell(n), per(n), '1.00×', '—'],
    [label, `fresh hit: nothing sent (${hitRequests} requests in all hit rounds)`, cell(h), per(h), ratio(h.median, n.median), `no request: ${verdict(hitRequests === 0)}`],
    [label, 'stale: If-None-Match → 304, body reused', cell(v), per(v), ratio(v.median, n.median), 'report'],
  ];
  void before;
  await server.close();
  rmSync(dir, { recursive: true, force: true });
  return rows;
}

async function main(): Promise<void> {
  const rows = [...(await part(0)), ...(await part(20))];
  section('9. Response cache (in-process, 500 runs a round)', table(['server', 'variant', 'wall ms median (min–max)', 'per run', '× no cache', 'goal'], rows), [
    `${RUNS} sequential runs a round, ${ROUNDS} interleaved rounds after one warm-up round; bearer auth (the key's HMAC covers the token); the cache is a FileCacheStore in a temporary folder (an entry read, its mtime touched for LRU; a 304 rewrites the entry atomically).`,
  ]);
  await closeSharedTransports();
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
