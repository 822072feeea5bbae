/**
 * The built bundles are split so each process parses only what it uses (esbuild.mjs): activation
 * reads dist/extension.js alone; undici, ajv's compiler and QuickJS live in files loaded on first
 * use. Reads dist/ as `npm run build` left it (npm test builds first) and runs the split CLI
 * against a loopback server, so the pieces are proven to still fit together. A dist/ built from
 * other sources than today's (its build stamp, scripts/build-stamp.mjs) fails these tests.
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readStamp, sourceDigests, staleSources, writeStamp } from '../../../scripts/build-stamp.mjs';

const ROOT = join(__dirname, '..', '..', '..');
const DIST = join(ROOT, 'dist');

/** Why dist/ does not hold a build of the sources under `root` as they are now, or undefined when it does. */
function whyStale(root: string, dist: string): string | undefined {
  const stamp = readStamp(dist);
  if (!stamp) return `${dist} has no build stamp: run npm run build`;
  const stale = staleSources(root, stamp);
  if (stale.length === 0) return undefined;
  const shown = stale.slice(0, 5).map((s) => `${s.path} ${s.change}`);
  if (stale.length > shown.length) shown.push(`${stale.length - shown.length} more`);
  return `${dist} was built before the sources changed (${shown.join(', ')}): run npm run build`;
}

/** Strings that survive minification and belong to one library's code only. */
const MARKERS = {
  undici: 'UND_ERR_', // undici's error codes
  quickjs: 'QuickJSContext', // quickjs-emscripten-core's class names in messages
  ajvCompiler: 'strictSchema', // ajv's compile-time options
  cronstrue: 'cronstrue',
};

function bundle(name: string): string {
  const file = join(DIST, name);
  if (!existsSync(file)) assert.fail(`${file} is missing: run npm run build first`);
  return readFileSync(file, 'utf8');
}

function contains(text: string, marker: string): boolean {
  return text.includes(marker);
}

describe('build: bundles split by what each process loads', () => {
  before(function () {
    const why = whyStale(ROOT, DIST);
    if (why) assert.fail(why);
  });

  it('each marker is found where its library is bundled (so its absence elsewhere means something)', () => {
    assert.ok(contains(bundle('engine.js'), MARKERS.undici), 'undici in engine.js');
    assert.ok(contains(bundle('engine.js'), MARKERS.ajvCompiler), 'ajv in engine.js');
    assert.ok(contains(bundle('quickjs.js'), MARKERS.quickjs), 'QuickJS in quickjs.js');
    assert.ok(contains(bundle('editor-extras.js'), MARKERS.cronstrue), 'cronstrue in editor-extras.js');
  });

  it('dist/extension.js (read at activation) holds no undici, QuickJS, ajv compiler or cronstrue code', () => {
    const ext = bundle('extension.js');
    for (const [lib, marker] of Object.entries(MARKERS)) assert.ok(!contains(ext, marker), `${lib} (${marker}) found in dist/extension.js`);
    // The split points are plain requires of the sibling files, made only on first use.
    assert.ok(ext.includes('require("./engine.js")'), 'extension.js requires ./engine.js');
    assert.ok(ext.includes('require("./editor-extras.js")'), 'extension.js requires ./editor-extras.js');
  });

  it('run history (Runs view, dashboard, alerts) is dist/history.js, required on first use, without undici; its webview script is its own file', () => {
    assert.ok(bundle('extension.js').includes('require("./history.js")'), 'extension.js requires ./history.js');
    const history = bundle('history.js');
    assert.ok(history.includes('gatewayIon.dashboard'), 'the dashboard is in history.js');
    for (const lib of ['undici', 'quickjs', 'ajvCompiler', 'cronstrue'] as const) assert.ok(!contains(history, MARKERS[lib]), `${lib} found in dist/history.js`);
    assert.ok(!bundle('webview/main.js').includes('Needs attention'), 'the response panel script does not carry the dashboard');
    assert.ok(bundle('webview/dashboard.js').includes('Needs attention'));
  });

  it('transforms run in dist/transform-worker.js, which requires QuickJS from dist/quickjs.js; the engine starts it', () => {
    const engine = bundle('engine.js');
    assert.ok(!contains(engine, MARKERS.quickjs));
    assert.ok(engine.includes('transform-worker.js'), 'engine.js names the worker file');
    const worker = bundle('transform-worker.js');
    assert.ok(!contains(worker, MARKERS.quickjs), 'QuickJS is not bundled in the worker');
    assert.ok(worker.includes('require("./quickjs.js")'), 'the worker requires ./quickjs.js');
    assert.ok(!contains(worker, MARKERS.undici), 'no undici in the worker');
  });

  it('ion validate never loads undici or QuickJS; ion run bundles undici but not QuickJS', () => {
    const cli = bundle('cli.js');
    const validate = bundle('cli-validate.js');
    for (const [lib, marker] of Object.entries(MARKERS)) {
      assert.ok(!contains(cli, marker), `${lib} in cli.js`);
      assert.ok(!contains(validate, marker), `${lib} in cli-validate.js`);
    }
    const run = bundle('cli-run.js');
    assert.ok(contains(run, MARKERS.undici));
    assert.ok(!contains(run, MARKERS.quickjs));
  });
});

describe('build: the stamp that tells a stale dist/ (scripts/build-stamp.mjs)', () => {
  let root: string;
  let dist: string;
  const write = (rel: string, text: string) => {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), text);
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'ion-stamp-'));
    dist = join(root, 'dist');
    write('src/core/a.ts', 'export const a = 1;\n');
    write('src/cli/b.ts', 'export const b = 2;\n');
    write('src/core/generated/v.js', 'module.exports = 1;\n');
    write('schemas/integration.schema.json', '{}\n');
    write('esbuild.mjs', '// build\n');
    write('package.json', '{}\n');
    mkdirSync(dist);
    writeStamp(dist, sourceDigests(root));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('a build of the current sources is fresh; no stamp at all is stale', () => {
    assert.equal(whyStale(root, dist), undefined);
    rmSync(join(dist, 'build-stamp.json'));
    assert.match(whyStale(root, dist) ?? '', /has no build stamp/);
  });

  it('an edited, added or removed file under src/ makes dist/ stale, naming each', () => {
    write('src/core/a.ts', 'export const a = 3;\n');
    write('src/cli/new.ts', 'export {};\n');
    rmSync(join(root, 'src/cli/b.ts'));
    assert.deepEqual(staleSources(root, readStamp(dist)!), [
      { path: 'src/cli/b.ts', change: 'removed' },
      { path: 'src/cli/new.ts', change: 'added' },
      { path: 'src/core/a.ts', change: 'changed' },
    ]);
    assert.match(whyStale(root, dist) ?? '', /src\/cli\/b\.ts removed, src\/cli\/new\.ts added, src\/core\/a\.ts changed\): run npm run build/);
  });

  it('the schema and esbuild.mjs are inputs too; a touch that changes no byte and generated code are not', () => {
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(root, 'src/core/a.ts'), later, later);
    write('src/core/generated/v.js', 'module.exports = 2;\n');
    assert.equal(whyStale(root, dist), undefined);
    write('schemas/integration.schema.json', '{ "type": "object" }\n');
    write('esbuild.mjs', '// build, changed\n');
    assert.deepEqual(
      staleSources(root, readStamp(dist)!).map((s) => s.path),
      ['esbuild.mjs', 'schemas/integration.schema.json'],
    );
  });
});

function runCli(args: string[], cwd: string, env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(DIST, 'cli.js'), ...args], { cwd, env: { ...process.env, ...env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('build: the split CLI runs end to end (dist/cli.js)', () => {
  let server: Server;
  let url: string;
  let dir: string;

  before(async () => {
    const why = whyStale(ROOT, DIST);
    if (why) assert.fail(why);
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ data: { id: 42, name: 'Ada' } }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dir = mkdtempSync(join(tmpdir(), 'ion-bundles-'));
    const file = (name: string, transform: string) =>
      writeFileSync(
        join(dir, name),
        `version: 1\nname: ${name.split('.')[0]}\nrequest:\n  method: GET\n  url: "{{ env.ION_TEST_URL }}/users/42"\nvalidate:\n  status: [200]\n${transform}`,
      );
    file('plain.ion.yaml', '');
    file('shaped.ion.yaml', 'transform: |\n  return { id: input.json.data.id, upper: input.json.data.name.toUpperCase() };\n');
  });

  after(async () => {
    if (!server) return;
    await new Promise<void>((r) => server.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('validate, run without and with a transform (QuickJS from dist/quickjs.js and its .wasm)', async () => {
    const env = { ION_TEST_URL: url, NODE_COMPILE_CACHE: join(dir, 'cache') };
    const v = await runCli(['validate', 'plain.ion.yaml', 'shaped.ion.yaml'], dir, env);
    assert.equal(v.code, 0, v.err);
    const plain = await runCli(['run', 'plain.ion.yaml', '--json', '--no-outputs', '--log', join(dir, 'runs.jsonl')], dir, env);
    assert.equal(plain.code, 0, plain.err + plain.out);
    assert.deepEqual(JSON.parse(plain.out).output, { data: { id: 42, name: 'Ada' } });
    const shaped = await runCli(['run', 'shaped.ion.yaml', '--json', '--no-outputs', '--log', join(dir, 'runs.jsonl')], dir, env);
    assert.equal(shaped.code, 0, shaped.err + shaped.out);
    assert.deepEqual(JSON.parse(shaped.out).output, { id: 42, upper: 'ADA' });
  });

  it('a usage error thrown inside a command bundle is still bad usage (exit 2): UsageError is shared', async () => {
    const r = await runCli(['run', 'plain.ion.yaml', '--no-such-flag'], dir, { ION_TEST_URL: url });
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /^ion: unknown option --no-such-flag/);
    assert.doesNotMatch(r.err, /internal error/);
  });
});
