/** Realistic integration files of a given length (many `tests:` entries), shared by the editor benchmarks. */

export const HEAD = `version: 1
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
  let count = HEAD.split('\n').length;
  for (let i = 0; count < lines; i++) {
    const entry = testEntry(i);
    text += entry;
    count += entry.split('\n').length - 1;
  }
  return text;
}

/** A one-character edit inside a test item near the middle of the file (both texts stay valid). */
export function midEdit(text: string): string {
  const items = text.split('  - name: ').length - 1;
  const target = `happy path ${Math.floor(items / 2) & ~1}\n`;
  const at = text.indexOf(target);
  if (at < 0) throw new Error(`no ${target.trim()} in the file`);
  const p = at + 'happy path'.length;
  return `${text.slice(0, p)}X${text.slice(p)}`;
}
