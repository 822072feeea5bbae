/**
 * End to end through the CLI entry (`ion run`, human and `--json`, `--record`, a file output, the run
 * log): a hostile loopback API echoes the secret it received in random shapes (escaped, encoded,
 * nested, in headers, in error bodies, cut at the 64 KB display limit, under a JSON pointer). No
 * form of the secret may appear in anything written.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { ServerResponse } from 'node:http';
import { main } from '../../src/cli/main';
import { startServer, type TestServer } from '../helpers/server';
import { fakeIO, findLeak, jsonAllEscaped, jsonMixed, percentLower, runs, secretArb, SEED } from './masking-forms';
import { loadTsxEsm } from '../helpers/cli-io';

const SHAPES = ['json', 'jsonAll', 'jsonMixed', 'pctLower', 'pathSafe', 'form', 'base64', 'cut', 'cutEscaped', 'header', 'error', 'errorText', 'pointer', 'nested', 'jsonInJson'] as const;
type Shape = (typeof SHAPES)[number];

interface Case {
  secret: string;
  shape: Shape;
  depth: number;
  offset: number;
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

function answer(res: ServerResponse, c: Case): void {
  const { secret } = c;
  const send = (status: number, body: string, type = 'application/json', headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': type, ...headers });
    res.end(body);
  };
  const LIMIT = 64 * 1024;
  switch (c.shape) {
    case 'json':
      return send(200, JSON.stringify({ echo: secret, [secret]: [secret] }));
    case 'jsonAll':
      return send(200, `{"echo":"${jsonAllEscaped(secret)}"}`);
    case 'jsonMixed':
      return send(200, `{"echo":"${jsonMixed(secret)}","k":{"${jsonMixed(secret)}":1}}`);
    case 'pctLower':
      return send(200, `t=${percentLower(secret)}&x=1`, 'text/plain');
    case 'pathSafe':
      return send(200, `see ${encodeURI(secret)} here`, 'text/plain');
    case 'form':
      return send(200, new URLSearchParams({ a: secret, b: `Bearer ${secret}` }).toString(), 'application/x-www-form-urlencoded');
    case 'base64':
      return send(200, JSON.stringify({ a: b64(secret), b: b64(`Bearer ${secret}`).replace(/=+$/, ''), c: Buffer.from(`svc:${secret}`).toString('base64url') }));
    case 'cut': {
      // The secret starts `offset` characters before the display limit: it straddles the cut.
      const head = '{"pad":"';
      const pad = 'x'.repeat(LIMIT - head.length - 1 - (c.offset % Math.max(1, secret.length - 1)));
      return send(200, `${head}${pad}${JSON.stringify(secret).slice(1, -1)}","tail":"${'y'.repeat(100)}"}`);
    }
    case 'cutEscaped': {
      const esc = jsonAllEscaped(secret);
      const head = '{"pad":"';
      const pad = 'x'.repeat(LIMIT - head.length - 1 - (c.offset % Math.max(1, esc.length - 1)));
      return send(200, `${head}${pad}${esc}"}`);
    }
    case 'header':
      return send(200, '{"ok":1}', 'application/json', { 'x-echo': percentLower(secret), 'x-b64': b64(secret), 'www-authenticate': `Bearer realm="${encodeURIComponent(secret)}"` });
    case 'error':
      // A long server message: the 300-character quote in the hint cuts inside the secret.
      return send(401, JSON.stringify({ message: `${'m'.repeat(290 - (c.offset % 10))} ${secret} rejected` }), 'application/json', { 'www-authenticate': `Basic ${b64(`svc:${secret}`)}` });
    case 'errorText':
      return send(500, `upstream failed for ${jsonAllEscaped(secret)} / ${encodeURIComponent(secret)}`, 'text/plain');
    case 'pointer':
      return send(200, JSON.stringify({ [secret]: 1, [`a/${secret}`]: 2 }));
    case 'jsonInJson':
      // JSON text kept as a string inside JSON (an error wrapping an upstream body), twice over.
      return send(200, JSON.stringify({ error: JSON.stringify({ upstream: JSON.stringify({ token: secret }) }) }));
    case 'nested': {
      let v: unknown = { leaf: secret, [secret]: b64(secret) };
      for (let i = 0; i < c.depth; i++) v = i % 2 ? [v, secret] : { [`k${i}`]: v };
      return send(200, JSON.stringify(v));
    }
  }
}

function integration(origin: string, shape: Shape): string {
  const validate = shape === 'pointer' ? 'validate:\n  response: { type: object, additionalProperties: { type: string } }\n' : '';
  return `version: 1
name: leak
request:
  url: "${origin}/echo/{{ secret.tok }}"
  query: { k: "{{ secret.tok }}" }
auth: { type: basic, username: svc, password: "{{ secret.tok }}" }
${validate}output:
  to:
    - { type: file, path: out/result.json }
`;
}

/** Everything the product wrote under `dir`, and what it printed. */
function written(dir: string, printed: string[]): string {
  const parts = [...printed];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else parts.push(`--- ${p}\n${readFileSync(p, 'utf8')}`);
    }
  };
  walk(dir);
  return parts.join('\n');
}

describe('security: masking through the CLI (property, real loopback server)', function () {
  this.timeout(120_000);
  before(loadTsxEsm);
  let server: TestServer;
  let current: Case | undefined;
  before(async () => {
    server = await startServer((_req, res) => answer(res, current!));
  });
  after(async () => server.close());

  it('no form of the secret appears in output, --json, --record, file outputs, the run log or errors', async () => {
    await fc.assert(
      fc.asyncProperty(secretArb, fc.constantFrom(...SHAPES), fc.integer({ min: 1, max: 60 }), fc.nat(1000), async (secret, shape, depth, offset) => {
        current = { secret, shape, depth, offset };
        const dir = mkdtempSync(join(tmpdir(), 'ion-sec-'));
        try {
          writeFileSync(join(dir, 'leak.ion.yaml'), integration(server.origin, shape));
          const env = { ION_SECRET_TOK: secret };
          const human = fakeIO(dir, env);
          await main(['run', 'leak.ion.yaml'], human);
          const json = fakeIO(dir, env);
          await main(['run', 'leak.ion.yaml', '--json', '--record'], json);
          assert.ok(existsSync(join(dir, '.ion', 'runs.jsonl')), `no run log: ${json.stderr}`);
          // The request reached the server (the secret was sent, so the echo is real).
          assert.match(json.stdout, /"response": \{\n\s+"status"/, json.stdout.slice(0, 2000));
          const all = written(dir, [human.stdout, human.stderr, json.stdout, json.stderr]);
          const leak = findLeak(all, secret);
          assert.equal(leak, undefined, `shape ${shape}: ${JSON.stringify(leak)} leaked:\n${all.slice(0, 3000)}`);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      // Every shape at least once with a nasty fixed secret, then random cases.
      { seed: SEED, numRuns: runs(16), examples: SHAPES.map((shape) => ['Sk7q/a+b ~c"d\\e€😀%2F', shape, 30, 14] as [string, Shape, number, number]) },
    );
  });
});
