/**
 * docs/reference.md against the code and the schema: its generated tables, every schema key, every
 * CLI flag, the run-log line, the run result's shape (from a real `ion run --json`), the exit codes,
 * and the test files its security rules name. A key, flag or code added to one side only fails here.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderReference } from '../../../scripts/render-docs';
import { ERROR_CODES, ERROR_INFO } from '../../../src/core/errors';
import { parseIntegration } from '../../../src/core/parse';
import { formatRunLogLine, parseRunLogLine } from '../../../src/core/runlog';
import { main } from '../../../src/cli/main';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../../../src/cli/io';
import { json, startServer, type TestServer } from '../../helpers/server';
import schema from '../../../schemas/integration.schema.json';
import { fakeIO, loadTsxEsm } from '../../helpers/cli-io';

const ROOT = join(__dirname, '..', '..', '..');
const reference = readFileSync(join(ROOT, 'docs', 'reference.md'), 'utf8');

/** The text under the first heading `heading` (a whole line), up to the next heading of the same or a higher level. */
function section(md: string, heading: string): string {
  const lines = md.split('\n');
  const start = lines.indexOf(heading);
  assert.ok(start >= 0, `docs/reference.md has no heading ${heading}`);
  const level = /^#+/.exec(heading)![0].length;
  let end = start + 1;
  while (end < lines.length && !(/^#+ /.test(lines[end]) && /^#+/.exec(lines[end])![0].length <= level)) end++;
  return lines.slice(start + 1, end).join('\n');
}

/** `### ` headings directly inside `text` (one section), without their backticks. */
function subheadings(text: string): string[] {
  return [...text.matchAll(/^### (.+)$/gm)].map((m) => m[1].replace(/`/g, ''));
}

function fenced(text: string, lang: string): string[] {
  return [...text.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);
}

type SchemaNode = { [k: string]: unknown };
const definitions = (schema as unknown as { definitions: Record<string, SchemaNode> }).definitions;

/** Every property name reachable from `node` through $ref, allOf/if/then/else, items and additionalProperties. */
function keysUnder(node: unknown, out = new Set<string>(), seen = new Set<unknown>()): Set<string> {
  if (!node || typeof node !== 'object' || seen.has(node)) return out;
  seen.add(node);
  const n = node as SchemaNode;
  if (typeof n.$ref === 'string') keysUnder(definitions[n.$ref.replace('#/definitions/', '')], out, seen);
  if (n.properties && typeof n.properties === 'object') {
    for (const [k, v] of Object.entries(n.properties as Record<string, unknown>)) {
      out.add(k);
      keysUnder(v, out, seen);
    }
  }
  for (const k of ['allOf', 'anyOf', 'oneOf']) for (const x of (n[k] as unknown[] | undefined) ?? []) keysUnder(x, out, seen);
  for (const k of ['then', 'else', 'items', 'additionalProperties']) keysUnder(n[k], out, seen);
  return out;
}

/** Flags a command file declares: `name: { value: … }` entries of the specs it hands to parseArgs. */
function flagsInCode(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|[\s{,])'?([a-z][a-z-]*)'?: \{ value: (?:true|false)/gm)].map((m) => `--${m[1]}`).sort();
}

/** Options in the first column of the tables of a section: | `--flag ...` |. */
function flagsInDocs(text: string): string[] {
  return [...text.matchAll(/^\| `(--[a-z][a-z-]*)/gm)].map((m) => m[1]).sort();
}

/** The shape of a JSON value: objects by their sorted keys, arrays by their first element. */
function shape(v: unknown): unknown {
  if (Array.isArray(v)) return v.length ? [shape(v[0])] : [];
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    // Headers are data, not shape.
    return Object.fromEntries(Object.keys(o).sort().map((k) => [k, k === 'headers' ? 'headers' : shape(o[k])]));
  }
  return v === null ? null : typeof v;
}

describe('docs/reference.md', () => {
  it('has its generated tables in step with the code (npx tsx scripts/render-docs.ts)', async () => {
    assert.equal(await renderReference(reference), reference);
  });

  it('lists every error code with its hint, and no code that does not exist', () => {
    const table = section(reference, '## Error codes');
    for (const code of ERROR_CODES) {
      const row = table.split('\n').find((l) => l.includes(`<a id="error-${code}"></a>`));
      assert.ok(row, `error code ${code} is missing`);
      assert.ok(row.includes(ERROR_INFO[code].hint.replace(/\|/g, '\\|')), `the hint of ${code}`);
    }
    const documented = [...table.matchAll(/<a id="error-([a-z_]+)"><\/a>/g)].map((m) => m[1]);
    assert.deepEqual(documented, [...ERROR_CODES]);
  });

  it('has a section for each top-level key of the schema, in its order, and for no other', () => {
    const format = section(reference, '## File format');
    const keys = subheadings(format).filter((h) => h !== 'Value types');
    assert.deepEqual(keys, Object.keys(schema.properties));
  });

  it('names every key the schema allows under a top-level key in that key\'s section', () => {
    for (const [top, node] of Object.entries(schema.properties)) {
      const text = section(reference, `### \`${top}\``);
      for (const key of keysUnder(node)) {
        assert.ok(text.includes(`\`${key}\``) || new RegExp(`\\b${key}:`).test(text), `${top}: key ${key} is not named in its section`);
      }
    }
  });

  it('shows the whole-file example, which validates clean and is the README\'s (the fixture)', () => {
    const block = /<!-- example:start -->\n```yaml\n([\s\S]*?)```\n<!-- example:end -->/.exec(reference);
    assert.ok(block, 'example block');
    assert.deepEqual(parseIntegration(block[1]).diagnostics, []);
    assert.equal(block[1], readFileSync(join(ROOT, 'test', 'fixtures', 'spec-example.ion.yaml'), 'utf8'));
  });

  it('documents each CLI command with exactly the flags its code accepts', () => {
    const cli = section(reference, '## The CLI');
    const dir = join(ROOT, 'src', 'cli', 'commands');
    const commands = readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)).sort();
    const documented = subheadings(cli).filter((h) => h.startsWith('ion ')).map((h) => h.slice(4)).sort();
    assert.deepEqual(documented, commands);
    for (const command of commands) {
      const code = flagsInCode(join(dir, `${command}.ts`));
      assert.ok(code.length > 0 || command === 'validate', `no flags found in ${command}.ts: has the spec's form changed?`);
      assert.deepEqual(flagsInDocs(section(reference, `### \`ion ${command}\``)), code, `ion ${command}`);
    }
  });

  it('documents the options of every command: the ones main.ts handles', () => {
    const main = readFileSync(join(ROOT, 'src', 'cli', 'main.ts'), 'utf8');
    const code = [...new Set([...main.matchAll(/'(--[a-z][a-z-]*)'/g)].map((m) => m[1]))].sort();
    assert.deepEqual(flagsInDocs(section(reference, '### Options for every command')), code);
  });

  it('lists the exit codes the CLI uses', () => {
    const table = section(reference, '### Exit codes');
    const codes = [...table.matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1]));
    assert.deepEqual(codes, [EXIT_OK, EXIT_FAILED, EXIT_USAGE]);
  });

  it('shows a run-log line that the reader accepts and the writer writes the same, field for field', () => {
    const line = fenced(section(reference, '## The run log'), 'json')[0]?.trim();
    assert.ok(line, 'the run-log example');
    const entry = parseRunLogLine(line);
    assert.ok(entry, 'the reader accepts the example');
    assert.equal(formatRunLogLine(entry), `${line}\n`);
  });

  it('names, for each security rule, test files that exist', () => {
    const rules = section(reference, '## Security rules');
    const names = subheadings(rules);
    assert.ok(names.length >= 10, 'the rules');
    for (const name of names) {
      const text = section(reference, `### ${name}`);
      const tested = /Tested by: ([\s\S]*)$/.exec(text);
      assert.ok(tested, `rule "${name}" names no tests`);
      const files = [...tested[1].matchAll(/`(test\/[^`]+\.ts)`/g)].map((m) => m[1]);
      assert.ok(files.length > 0, `rule "${name}" names no test file`);
      for (const f of files) assert.ok(existsSync(join(ROOT, f)), `rule "${name}": ${f} does not exist`);
    }
  });
});


describe('docs/reference.md: the run result has the shape of a real `ion run --json`', () => {
  let server: TestServer;
  let dir: string;
  let examples: unknown[];

  before(async () => {
    await loadTsxEsm();
    examples = fenced(section(reference, '## The run result'), 'json').map((t) => JSON.parse(t));
    assert.equal(examples.length, 2, 'a successful and a failed example');
    let calls = 0;
    server = await startServer((req, res) => {
      if (req.url.includes('nobody')) return json(res, 404, { message: 'Not Found' });
      calls++;
      if (calls % 2 === 1) {
        res.setHeader('retry-after', '0');
        return json(res, 429, {});
      }
      return json(res, 200, { id: 1, login: 'octocat', name: 'The Octocat', suspended: false });
    });
    dir = mkdtempSync(join(tmpdir(), 'ion-reference-'));
    writeFileSync(
      join(dir, 'github-user.ion.yaml'),
      `version: 1
name: github-user
environments:
  dev: { baseUrl: "${server.origin}" }
auth: { type: bearer, token: "{{ secret.github_token }}" }
request:
  url: "{{ vars.baseUrl }}/users/{{ input.login }}"
retry: { maxAttempts: 2, backoff: { initial: 1ms, max: 1ms } }
transform: |
  return { id: input.json.id, nombre: input.json.name.toUpperCase(), activo: !input.json.suspended };
`,
    );
  });

  after(async () => {
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const [i, login] of [[0, 'octocat'], [1, 'nobody']] as const) {
    it(`${i === 0 ? 'a successful' : 'a failed'} run`, async () => {
      const io = fakeIO(dir, { ION_SECRET_GITHUB_TOKEN: 'ghp_reference_token' });
      const code = await main(['run', 'github-user.ion.yaml', '--json', '--input', JSON.stringify({ login }), '--log', join(dir, 'runs.jsonl')], io);
      assert.equal(code, i === 0 ? EXIT_OK : EXIT_FAILED, io.stderr);
      assert.deepEqual(shape(examples[i]), shape(JSON.parse(io.stdout)));
    });
  }
});
