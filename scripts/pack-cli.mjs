// `npm run pack:cli`: the CLI as its own npm package, `gateway-ion-<version>.tgz` (`npm install -g`
// it, or `npx` it: the command is `ion`). Run after a build (`npm run pack:cli` builds first).
//
// The CLI gets its own manifest, written here, instead of sharing package.json with the extension:
// - package.json is the extension's manifest (`publisher`, `contributes`, `"private": true` so it is
//   never published to npm by mistake), and its `dependencies` record what esbuild bundles into
//   dist/ (the portable-code test reads them). The bundles require nothing from node_modules at run
//   time, so the CLI's manifest has no `dependencies` at all: `npm install -g` fetches nothing.
// - name, version, description, licence, links and `engines.node` are copied from package.json, so
//   the version has one source.
//
// What ships: every `dist/*.js` and `dist/*.wasm` except the ones only the extension, the host tests
// or the demo load (listed below), so a bundle the CLI starts loading later (a new command, a
// worker) ships without a change here; source maps stay out (the CLI never reads them). Plus
// README.md, LICENSE and CHANGELOG.md. `node scripts/pack-cli.mjs --out DIR` writes the tarball
// into DIR (default: the repository root) and prints its path.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');

/** Bundles in dist/ that the CLI never loads (the extension's, the host tests', the demo's). */
export const NOT_CLI = new Set(['extension.js', 'engine.js', 'editor-extras.js', 'test-api.js', 'demo.js', 'demo-server.js', 'demo-api.js']);

/** The dist/ files the CLI package ships (names relative to dist/). */
export function cliFiles(dist = DIST) {
  return readdirSync(dist, { withFileTypes: true })
    .filter((e) => e.isFile() && /\.(js|wasm)$/.test(e.name) && !NOT_CLI.has(e.name))
    .map((e) => e.name)
    .sort();
}

/** The CLI's package.json, from the extension's. */
export function cliManifest(pkg) {
  return {
    name: pkg.name,
    version: pkg.version,
    description: 'The Gateway Ion CLI: validate, run and test custom integrations (*.ion.yaml) from a terminal or CI.',
    license: pkg.license,
    keywords: pkg.keywords,
    homepage: pkg.homepage,
    bugs: pkg.bugs,
    repository: pkg.repository,
    engines: { node: pkg.engines.node },
    bin: { ion: 'dist/cli.js' },
    files: ['dist/', 'CHANGELOG.md'],
  };
}

function main() {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf('--out');
  const out = resolve(outIndex >= 0 ? args[outIndex + 1] : ROOT);
  if (!existsSync(join(DIST, 'cli.js'))) {
    console.error('pack-cli: dist/cli.js is missing: run npm run build first');
    process.exit(1);
  }
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const stage = join(ROOT, 'out', 'cli-package');
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(join(stage, 'dist'), { recursive: true });
  for (const f of cliFiles()) copyFileSync(join(DIST, f), join(stage, 'dist', f));
  chmodSync(join(stage, 'dist', 'cli.js'), 0o755);
  for (const f of ['README.md', 'LICENSE', 'CHANGELOG.md']) {
    if (existsSync(join(ROOT, f))) copyFileSync(join(ROOT, f), join(stage, f));
  }
  writeFileSync(join(stage, 'package.json'), `${JSON.stringify(cliManifest(pkg), null, 2)}\n`);
  mkdirSync(out, { recursive: true });
  const r = spawnSync('npm', ['pack', '--silent', '--pack-destination', out], { cwd: stage, encoding: 'utf8' });
  if (r.status !== 0) {
    process.stderr.write(r.stderr);
    process.exit(r.status ?? 1);
  }
  console.log(join(out, r.stdout.trim().split('\n').pop()));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
