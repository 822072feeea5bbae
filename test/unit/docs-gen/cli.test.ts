import { strict as assert } from 'node:assert';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { main } from '../../../src/cli/main';
import type { CliIO } from '../../../src/cli/io';

const ROOT = join(__dirname, '../../..');
const EXAMPLES = join(ROOT, 'examples');
/** Where the examples' generated documentation is checked in (README, "Plan and document an integration"). */
const EXAMPLES_DOCS = join(EXAMPLES, 'docs');

async function ion(cwd: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { out: (s) => void (out += s), err: (s) => void (err += s), cwd, env: {}, isTTY: false };
  const code = await main(argv, io);
  return { code, out, err };
}

function integrationFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...integrationFiles(p));
    else if (/\.ion\.ya?ml$/.test(name)) out.push(p);
  }
  return out;
}

const FILE = `version: 1
name: items
description: Reads the items.
environments:
  dev: { baseUrl: "http://127.0.0.1:8787" }
auth: { type: bearer, token: "{{ secret.items_token }}" }
request: { method: POST, url: "{{ vars.baseUrl }}/items" }
retry: { maxAttempts: 3 }
tests:
  - name: ok
    response: { status: 200, body: { items: [] } }
    expect: { ok: true }
`;

describe('ion docs', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ion-docs-'));
    writeFileSync(join(dir, 'items.ion.yaml'), FILE);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('the checked-in documentation of every example is up to date (ion docs --check)', async () => {
    const files = integrationFiles(EXAMPLES).map((f) => relative(ROOT, f));
    assert.ok(files.length >= 9, 'the examples are found');
    const r = await ion(ROOT, 'docs', ...files, '--out', 'examples/docs', '--check');
    assert.equal(r.code, 0, `${r.out}${r.err}\nRegenerate with: node -- dist/cli.js docs ${files.join(' ')} --out examples/docs`);
    assert.match(r.err, new RegExp(`^docs: ${files.length} up to date, 0 stale or missing\\n$`));
  });

  it('every example has its documentation file, and there is none for a file that is gone', () => {
    const expected = integrationFiles(EXAMPLES).map((f) => f.split('/').pop()!.replace(/\.ion\.ya?ml$/, '.md')).sort();
    const present = readdirSync(EXAMPLES_DOCS).filter((n) => n.endsWith('.md')).sort();
    assert.deepEqual(present, expected);
  });

  it('each example golden has every section, the flow with arrows, and no date', () => {
    for (const name of readdirSync(EXAMPLES_DOCS).filter((n) => n.endsWith('.md'))) {
      const text = readFileSync(join(EXAMPLES_DOCS, name), 'utf8');
      for (const h of ['## Readiness', '## How it works', '## Required configuration', '## Error handling', '## Known limitations', '## Troubleshooting', '## Tests']) assert.ok(text.includes(`\n${h}`), `${name}: ${h}`);
      assert.match(text, /```text\n\[(manual|schedule|webhook)\][^\n]*\n(.*\n)*? {2}-> \[/, `${name}: the flow`);
      assert.doesNotMatch(text, /\b20\d\d-\d\d-\d\dT\d\d:/, `${name}: no timestamps`);
    }
  });

  it('writes NAME.md beside the file; --check is 0 while fresh, 1 after an edit (naming the file), 0 again once regenerated', async () => {
    const first = await ion(dir, 'docs', 'items.ion.yaml');
    assert.equal(first.code, 0, first.err);
    assert.equal(first.out, 'items.md: written\n');
    const md = readFileSync(join(dir, 'items.md'), 'utf8');
    assert.match(md, /^# items\n/);
    assert.match(md, /\| `items_token` \| `auth\.token` \| http:\/\/127\.0\.0\.1:8787 \(dev\) \|/);
    assert.match(md, /POST is not idempotent and has no `idempotencyKey`: it is sent once and never retried/);
    assert.match(md, /POST is not retried \(no `idempotencyKey`\)/, 'an implied limitation');

    const again = await ion(dir, 'docs', 'items.ion.yaml');
    assert.equal(again.out, '', 'nothing rewritten when fresh');
    assert.equal(again.err, 'docs: 0 written, 1 up to date\n');
    assert.equal((await ion(dir, 'docs', 'items.ion.yaml', '--check')).code, 0);

    writeFileSync(join(dir, 'items.ion.yaml'), FILE.replace('Reads the items.', 'Reads every item.'));
    const stale = await ion(dir, 'docs', 'items.ion.yaml', '--check');
    assert.equal(stale.code, 1);
    assert.equal(stale.out, 'items.md: stale (run: ion docs items.ion.yaml)\n');
    assert.equal(readFileSync(join(dir, 'items.md'), 'utf8'), md, '--check writes nothing');

    assert.equal((await ion(dir, 'docs', 'items.ion.yaml')).code, 0);
    assert.equal((await ion(dir, 'docs', 'items.ion.yaml', '--check')).code, 0);
    assert.match(readFileSync(join(dir, 'items.md'), 'utf8'), /Reads every item\./);
  });

  it('--out DIR writes there; --check names a missing file', async () => {
    const missing = await ion(dir, 'docs', 'items.ion.yaml', '--out', 'site', '--check');
    assert.equal(missing.code, 1);
    assert.equal(missing.out, 'site/items.md: missing (run: ion docs items.ion.yaml --out site)\n');
    assert.equal((await ion(dir, 'docs', 'items.ion.yaml', '--out', 'site')).code, 0);
    assert.ok(existsSync(join(dir, 'site/items.md')));
    assert.ok(!existsSync(join(dir, 'items.md')));
  });

  it('is deterministic: the same file gives the same bytes', async () => {
    await ion(dir, 'docs', 'items.ion.yaml', '--out', 'a');
    await ion(dir, 'docs', 'items.ion.yaml', '--out', 'b');
    assert.equal(readFileSync(join(dir, 'a/items.md'), 'utf8'), readFileSync(join(dir, 'b/items.md'), 'utf8'));
  });

  it('refuses a file with errors (exit 1) and an unreadable one (exit 2); no FILE is bad usage', async () => {
    writeFileSync(join(dir, 'bad.ion.yaml'), 'version: 1\nname: bad\nretyr: 1\nrequest: { url: "https://a.example.com" }\n');
    const bad = await ion(dir, 'docs', 'bad.ion.yaml');
    assert.equal(bad.code, 1);
    assert.match(bad.err, /bad\.ion\.yaml: has errors \(first: unknown_key\)/);
    assert.ok(!existsSync(join(dir, 'bad.md')));
    assert.equal((await ion(dir, 'docs', 'nope.ion.yaml')).code, 2);
    assert.equal((await ion(dir, 'docs')).code, 2);
  });

  it('troubleshooting lists exactly the error codes the file can meet, with the hints of the one table', async () => {
    copyFileSync(join(EXAMPLES, 'push/order-webhook.ion.yaml'), join(dir, 'hook.ion.yaml'));
    await ion(dir, 'docs', 'hook.ion.yaml');
    const md = readFileSync(join(dir, 'hook.md'), 'utf8');
    const section = md.split('## Troubleshooting')[1].split('## Tests')[0];
    const codes = [...section.matchAll(/^\| `([a-z_]+)`/gm)].map((m) => m[1]);
    // A push-only webhook sends no request: no HTTP errors.
    assert.deepEqual(codes, ['invalid_file', 'secret_missing', 'secret_blocked', 'transform_failed', 'output_invalid', 'output_failed']);
    const { ERROR_INFO } = await import('../../../src/core/errors');
    assert.ok(section.includes(ERROR_INFO.transform_failed.hint.replace(/\|/g, '\\|')));
  });
});

describe('ion validate --readiness', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ion-readiness-'));
    writeFileSync(join(dir, 'items.ion.yaml'), FILE);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('adds one information diagnostic per missing item and prints FILE: readiness N/4; exit stays 0', async () => {
    const r = await ion(dir, 'validate', 'items.ion.yaml', '--readiness');
    assert.equal(r.code, 0, r.err);
    const lines = r.out.trimEnd().split('\n');
    assert.equal(lines.length, 3, r.out);
    assert.match(lines[0], /^items\.ion\.yaml:\d+:\d+ information readiness_auth Readiness \(2\/4\): auth documented is missing/);
    assert.match(lines[1], /^items\.ion\.yaml:\d+:\d+ information readiness_rateLimits /);
    assert.equal(lines[2], 'items.ion.yaml: readiness 2/4');
  });

  it('without --readiness, nothing about readiness', async () => {
    const r = await ion(dir, 'validate', 'items.ion.yaml');
    assert.equal(r.out, '');
  });

  it('--json keeps the array (readiness diagnostics in it) and puts the summary on stderr', async () => {
    const r = await ion(dir, 'validate', 'items.ion.yaml', '--readiness', '--json');
    const list = JSON.parse(r.out) as Array<{ code: string; severity: string }>;
    assert.ok(Array.isArray(list));
    assert.deepEqual(list.map((x) => [x.code, x.severity]), [['readiness_auth', 'information'], ['readiness_rateLimits', 'information']]);
    assert.match(r.err, /^items\.ion\.yaml: readiness 2\/4\n/m);
  });
});
