/**
 * Full validation (`parseIntegration`) against `yaml`'s bare `parseDocument`, on realistic files
 * of about 50, 1,000 and 10,000 lines (many `tests:` entries). Interleaved rounds (A B A B) so
 * drift hits both sides alike; medians with min-max. Run: `npx tsx bench/validate.bench.ts`.
 * Goals (issue 2): ≤ 2 ms at 50 lines; ≤ 1.2× the bare parse at 1,000 and 10,000 lines.
 */
import { LineCounter, parseDocument } from 'yaml';
import { parseIntegration } from '../src/core/parse';
import { checkDepth, checkSize } from '../src/core/validate/limits';
import { convertDocument } from '../src/core/validate/tojs';
import { checkSchema } from '../src/core/validate/schema';
import { buildReferenceContext, checkReferences } from '../src/core/validate/references';
import { checkSemantics } from '../src/core/validate/semantic';
import { checkHardcodedSecrets } from '../src/core/validate/secrets';

const HEAD = `version: 1
name: github-user
description: Fetch a GitHub user and normalize it for the CRM.
pattern: pull
defaultEnvironment: dev
trigger:
  type: schedule
  cron: "*/15 * * * *"
  input: { login: octocat }
environments:
  dev:  { baseUrl: "https://api.github.com" }
  acme: { baseUrl: "https://ghe.acme.example/api/v3" }
auth:
  type: bearer
  token: "{{ secret.github_token }}"
request:
  method: GET
  url: "{{ vars.baseUrl }}/users/{{ input.login }}"
  headers:
    Accept: application/vnd.github+json
    X-GitHub-Api-Version: "2022-11-28"
  timeout: 10s
retry:
  maxAttempts: 4
  on: [429, 500, 502, 503, 504, timeout, network]
  backoff: { initial: 500ms, max: 30s, jitter: full }
validate:
  status: [200]
  response: { type: object, required: [id, login] }
transform: |
  const r = JSON.parse(input.body);
  return { id: r.id, nombre: r.name.toUpperCase(), activo: !r.suspended };
output:
  schema: { type: object, required: [id, nombre, activo] }
  to:
    - { type: file, path: out/users.jsonl, format: jsonl }
tests:
`;

function testEntry(i: number): string {
  return i % 2 === 0
    ? `  - name: happy path ${i}
    input: { login: user${i} }
    env: acme
    response:
      status: 200
      headers: { Content-Type: application/json }
      body: { id: ${i}, login: user${i}, name: "User ${i}", suspended: false }
    expect: { output: { id: ${i}, nombre: "USER ${i}", activo: true } }
`
    : `  - name: rate limit ${i}
    input: { login: user${i} }
    responses:
      - { status: 429, headers: { Retry-After: "1" } }
      - { status: 200, body: { id: ${i}, login: user${i}, name: X, suspended: true } }
    expect: { ok: true, attempts: 2 }
`;
}

export function makeFile(lines: number): string {
  let text = HEAD;
  for (let i = 0; text.split('\n').length < lines; i++) text += testEntry(i);
  return text;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function time(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

const fmt = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(1));

const rows: string[][] = [['lines', 'rounds', 'yaml.parseDocument ms (min-max)', 'parseIntegration ms (min-max)', 'ratio', 'goal', 'checks alone ms (share of bare)']];
for (const [lines, rounds] of [
  [50, 200],
  [1000, 40],
  [10000, 20],
] as const) {
  const text = makeFile(lines);
  const check = parseIntegration(text);
  if (check.hasErrors) throw new Error(`generated file has errors: ${check.diagnostics[0].message}`);
  const bare = () => parseDocument(text, { lineCounter: new LineCounter(), prettyErrors: false, uniqueKeys: true });
  const full = () => parseIntegration(text);
  for (let i = 0; i < Math.max(3, rounds / 5); i++) {
    bare();
    full();
  }
  // Our work after the parse, on an already parsed document: robust to machine noise, since it
  // does not subtract two noisy numbers.
  const parsed = bare();
  const checks = () => {
    checkSize(text);
    checkDepth(text);
    const conv = convertDocument(parsed, text);
    const root = conv.value as Record<string, unknown>;
    checkSchema(root, parsed, text);
    checkReferences(conv.templates, buildReferenceContext(root, text));
    checkSemantics(root, parsed, text);
    checkHardcodedSecrets(root, parsed, text);
  };
  const a: number[] = [];
  const b: number[] = [];
  const c: number[] = [];
  for (let i = 0; i < rounds; i++) {
    a.push(time(bare));
    b.push(time(full));
    c.push(time(checks));
  }
  const ma = median(a);
  const mb = median(b);
  const goal = lines <= 50 ? `≤ 2 ms: ${mb <= 2 ? 'met' : 'MISSED'}` : `≤ 1.2×: ${mb / ma <= 1.2 ? 'met' : 'MISSED'}`;
  rows.push([
    String(text.split('\n').length),
    String(rounds),
    `${fmt(ma)} (${fmt(Math.min(...a))}-${fmt(Math.max(...a))})`,
    `${fmt(mb)} (${fmt(Math.min(...b))}-${fmt(Math.max(...b))})`,
    `${(mb / ma).toFixed(2)}×`,
    goal,
    `${fmt(median(c))} (${((median(c) / ma) * 100).toFixed(0)}%)`,
  ]);
}
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c])).join('  '));
console.log(`node ${process.version}`);
