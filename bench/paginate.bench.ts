/**
 * Part 8 — pagination: 100 pages × 100 items from a keep-alive loopback server (a `Link: <…>;
 * rel="next"` header on each page), fetched whole. `runIntegration` with `paginate: { style: link }`
 * (every page validated, attempt lines, items concatenated, masking, result built) against a
 * hand-written undici loop doing the same (request, JSON.parse, concatenate, follow the Link).
 * Interleaved rounds. Run alone: npx tsx bench/paginate.bench.ts
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';
import { runIntegration } from '../src/core/engine/run';
import { closeSharedTransports } from '../src/core/http/transport';
import { parseIntegration } from '../src/core/parse';
import type { SecretSource } from '../src/core/ports';
import { cell, interleave, ratio, section, stats, table, verdict } from './lib/stats';

const PAGES = 100;
const PER_PAGE = 100;
const RUNS = Number(process.env.BENCH_PAGINATE_RUNS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

function pageBody(page: number): Buffer {
  const items = Array.from({ length: PER_PAGE }, (_, i) => ({ id: (page - 1) * PER_PAGE + i + 1, name: `item ${(page - 1) * PER_PAGE + i + 1}`, active: i % 3 !== 0 }));
  return Buffer.from(JSON.stringify(items));
}

async function startPagedServer(): Promise<{ url: string; requests: () => number; bytes: number; close(): Promise<void> }> {
  const bodies = Array.from({ length: PAGES }, (_, i) => pageBody(i + 1));
  let count = 0;
  const server: Server = createServer((req, res) => {
    count++;
    req.resume();
    const page = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('page') ?? 1);
    const body = bodies[page - 1];
    const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': body.length };
    if (page < PAGES) headers.link = `</items?page=${page + 1}&per_page=${PER_PAGE}>; rel="next", </items?page=${PAGES}&per_page=${PER_PAGE}>; rel="last"`;
    res.writeHead(200, headers);
    res.end(body);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => count,
    bytes: bodies.reduce((s, b) => s + b.length, 0),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const secrets: SecretSource = { get: async () => undefined, allowOrigin: async () => true };

async function main(): Promise<void> {
  const server = await startPagedServer();
  const agent = new Agent({ keepAliveTimeout: 4000 });
  const first = `${server.url}/items?per_page=${PER_PAGE}`;
  const parsed = parseIntegration(`version: 1
name: bench-pages
request:
  method: GET
  url: "${first}"
paginate: { style: link, maxPages: ${PAGES} }
validate:
  status: [200]
`);
  if (parsed.hasErrors) throw new Error(parsed.diagnostics.map((d) => d.message).join('; '));

  const raw = async () => {
    const items: unknown[] = [];
    let url: string | undefined = first;
    while (url) {
      const res = await request(url, { dispatcher: agent });
      const page = JSON.parse(await res.body.text()) as unknown[];
      if (res.statusCode !== 200 || !Array.isArray(page)) throw new Error('bad raw response');
      for (const it of page) items.push(it);
      const link = res.headers.link;
      const m = typeof link === 'string' ? /<([^>]*)>\s*;\s*rel="?next"?/.exec(link) : null;
      url = m ? new URL(m[1], url).href : undefined;
    }
    if (items.length !== PAGES * PER_PAGE) throw new Error(`raw: ${items.length} items`);
  };
  const engine = async () => {
    const r = await runIntegration(parsed, { file: '/tmp/bench-pages.ion.yaml', secrets, env: {}, outputs: false });
    if (!r.ok || !Array.isArray(r.output) || r.output.length !== PAGES * PER_PAGE) throw new Error(JSON.stringify(r.errors));
  };
  const runs = (fn: () => Promise<void>) => async () => {
    const t = performance.now();
    for (let i = 0; i < RUNS; i++) await fn();
    return performance.now() - t;
  };
  const res = await interleave({ raw: runs(raw), engine: runs(engine) }, ROUNDS);
  const r = stats(res.raw);
  const e = stats(res.engine);
  const per = (s: { median: number }) => `${(s.median / RUNS).toFixed(1)} ms`;
  const rows = [
    ['hand-written undici loop (request, JSON.parse, concatenate, follow Link) (baseline)', cell(r), per(r), '1.00×', '—'],
    ['runIntegration with `paginate: { style: link }`', cell(e), per(e), ratio(e.median, r.median), `≤ 1.5×: ${verdict(e.median / r.median <= 1.5)}`],
  ];
  section(
    `8. Pagination: ${PAGES} pages × ${PER_PAGE} items`,
    table(['variant', `wall ms for ${RUNS} whole lists, median (min–max)`, 'per list', '× loop', 'goal'], rows),
    [
      `${RUNS} whole lists (${PAGES} requests each) a round, ${ROUNDS} interleaved rounds after one warm-up round; node:http keep-alive on 127.0.0.1, pages of ${(server.bytes / PAGES / 1024).toFixed(1)} KB JSON (${server.requests().toLocaleString('en-US')} requests served).`,
      'runIntegration: per page the retry loop, status check, JSON parse, the Link header parsed (RFC 8288) and resolved, an attempt line; then the 10,000 items as the output and the result built; outputs off, no run log, no transform.',
    ],
  );
  await agent.close();
  await closeSharedTransports();
  await server.close();
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
