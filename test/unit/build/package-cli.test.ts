/**
 * The CLI as an npm package (scripts/pack-cli.mjs, README "Install"): packs dist/ as `npm run build`
 * left it, checks the tarball against an allow-list, installs it into a temporary prefix with
 * `npm install -g --offline` (the package has no dependencies, so nothing is fetched) and runs the
 * installed `ion` from a folder outside the repository, where no node_modules can help it.
 */
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

/** Every file the tarball must hold. */
const REQUIRED = [
  'package.json',
  'README.md',
  'LICENSE',
  'CHANGELOG.md',
  'dist/cli.js',
  'dist/cli-args.js',
  'dist/cli-validate.js',
  'dist/cli-run.js',
  'dist/cli-test.js',
  'dist/cli-curl.js',
  'dist/cli-auth.js',
  'dist/cli-report.js',
  'dist/quickjs.js',
  'dist/transform-worker.js',
  'dist/emscripten-module.wasm',
];
/** What else it may hold: more bundles next to cli.js (a new command, a worker), nothing else. */
const ALLOWED = /^dist\/[\w.-]+\.js$/;
/** Never: the extension's bundles, the demo, source maps, sources, tests, node_modules. */
const FORBIDDEN = /^dist\/(extension|engine|editor-extras|test-api|demo|demo-server|demo-api)\.js$|\.map$|^(src|test|node_modules|scripts)\//;

describe('build: the CLI as an npm package (npm install -g gateway-ion-<version>.tgz)', function () {
  this.timeout(60_000);
  let tmp: string;
  let tarball: string;
  let prefix: string;

  before(() => {
    tmp = mkdtempSync(join(tmpdir(), 'ion-pack-'));
    tarball = execFileSync(process.execPath, [join(ROOT, 'scripts/pack-cli.mjs'), '--out', tmp], { cwd: ROOT, encoding: 'utf8' }).trim();
    assert.equal(tarball, join(tmp, `gateway-ion-${pkg.version}.tgz`));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('holds the CLI bundles, the QuickJS WebAssembly, README, LICENSE and CHANGELOG, and nothing of the extension', () => {
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map((f) => f.replace(/^package\//, ''));
    for (const f of REQUIRED) assert.ok(files.includes(f), `${f} is in the package`);
    const stray = files.filter((f) => FORBIDDEN.test(f) || !(REQUIRED.includes(f) || ALLOWED.test(f)));
    assert.deepEqual(stray, [], 'files outside the allow-list');
    // Every file of dist/ that a shipped bundle names (a require, a worker path) ships too.
    const names = readdirSync(join(ROOT, 'dist')).filter((n) => /\.(js|wasm)$/.test(n));
    const missing: string[] = [];
    for (const f of files.filter((x) => /^dist\/[^/]+\.js$/.test(x))) {
      const text = execFileSync('tar', ['-xzOf', tarball, `package/${f}`], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      for (const n of names) {
        if (new RegExp(`["'/]${n.replace(/\./g, '\\.')}["']`).test(text) && !files.includes(`dist/${n}`)) missing.push(`${f} names ${n}`);
      }
    }
    assert.deepEqual(missing, []);
  });

  it('has no dependencies and a bin `ion` whose first line is `#!/usr/bin/env -S node --`', () => {
    const manifest = JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }));
    assert.equal(manifest.name, 'gateway-ion');
    assert.equal(manifest.version, pkg.version);
    assert.equal(manifest.private, undefined, 'publishable');
    assert.deepEqual(manifest.bin, { ion: 'dist/cli.js' });
    for (const key of ['dependencies', 'optionalDependencies', 'peerDependencies', 'bundleDependencies']) assert.equal(manifest[key], undefined, key);
    const cli = execFileSync('tar', ['-xzOf', tarball, 'package/dist/cli.js'], { encoding: 'utf8' });
    assert.equal(cli.split('\n')[0], '#!/usr/bin/env -S node --');
  });

  it('installs offline into a temporary prefix; the installed ion runs --version, validate and test', function () {
    if (process.platform === 'win32') this.skip(); // the prefix layout below is the POSIX one
    prefix = join(tmp, 'prefix');
    execFileSync('npm', ['install', '-g', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', '--loglevel=error', tarball], { cwd: tmp, encoding: 'utf8' });
    const installed = join(prefix, 'lib', 'node_modules', 'gateway-ion');
    assert.deepEqual(readdirSync(installed).filter((f) => f === 'node_modules'), [], 'nothing was installed beside it');
    // From a folder outside the repository, with ion found on the PATH the way a user's shell finds it.
    const work = mkdtempSync(join(tmp, 'work-'));
    const env = { ...process.env, PATH: `${join(prefix, 'bin')}${delimiter}${process.env.PATH}`, NODE_PATH: '' };
    const ion = (...args: string[]) => spawnSync('ion', args, { cwd: work, env, encoding: 'utf8' });

    const version = ion('--version');
    assert.equal(version.status, 0, version.stderr);
    assert.equal(version.stdout.trim(), pkg.version);

    const example = join(ROOT, 'examples', 'crm-customer.ion.yaml'); // a transform: QuickJS and its .wasm
    const validate = ion('validate', example);
    assert.equal(validate.status, 0, validate.stdout + validate.stderr);
    assert.match(validate.stdout + validate.stderr, /\b0 errors, 0 warnings in 1 file/);

    const test = ion('test', example);
    assert.equal(test.status, 0, test.stdout + test.stderr);
    assert.match(test.stdout, /\b[1-9]\d* passed, 0 failed/);
  });
});
