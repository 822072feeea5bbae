// One build for every entry: the extension (node, `vscode` external), the CLI (node,
// with a shebang), and the webview (browser). The extension and CLI bundles are always minified,
// because load time is parse time (a linked source map maps them back; `--production` drops the
// maps and minifies the rest too). `--watch` rebuilds. Exits non-zero on any error.
//
// Start-up cost is mostly parsing JavaScript, so each process loads only what it uses: the
// bundles are split at a few *split points* (below), where an `import()` in the source becomes a
// `require` of a sibling file in dist/ at run time. The source keeps its plain imports, so tsx and
// the unit tests see one module graph; only the built files are split.
//
//   dist/extension.js   activation, diagnostics, editing features (yaml + the standalone validator)
//   dist/engine.js      the run machinery of the extension (undici, outputs, test runner), first run
//   dist/editor-extras.js  hover (croner, cronstrue, schema docs) and completion, first use
//   dist/import.js      New Integration from OpenAPI / Import Postman Collection (swagger-parser), first use
//   dist/test-api.js    the host tests' hooks, required in Test mode only (not in the .vsix)
//   dist/demo-api.js    the demo API, for the walkthrough's Start Demo API command, first use
//   dist/docs-view.js   readiness checklist, flow diagram, documentation generator: after activation, first document
//   dist/history.js     run history: stored results, the Runs view, the dashboard, alerts (first run or use)
//   dist/cli.js         argument parsing and dispatch; enables Node's compile cache when it exists
//   dist/cli-args.js    `UsageError` and `parseArgs`, shared so `instanceof` holds across the files
//   dist/cli-<cmd>.js   one per command: `ion validate` never loads undici or QuickJS
//   dist/quickjs.js     the QuickJS sandbox (loaded by a transform only) + emscripten-module.wasm
//   dist/transform-worker.js  the worker thread transforms run in (it requires quickjs.js)
//   dist/serve-host.js  the child process of the editor's Start Triggers (`ion serve` for a folder)
import * as esbuild from 'esbuild';
import { existsSync, readFileSync, chmodSync, copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sourceDigests, writeStamp } from './scripts/build-stamp.mjs';

const ROOT = dirname(fileURLToPath(import.meta.url));
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

// Generated code first: the ajv standalone validator of schemas/integration.schema.json.
for (const script of ['scripts/gen-schema-validator.mjs']) {
  if (!existsSync(script)) continue;
  const r = spawnSync(process.execPath, [script], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
// What dist/ is built from, hashed before bundling; finish() records it (scripts/build-stamp.mjs).
const sources = sourceDigests(ROOT);

/**
 * Split points: `specifier` imported by `importer` (a path under the root) is not bundled; the
 * output requires `to`, a file next to it in dist/. esbuild keeps `import()` of an external as
 * `import()`, so `supported: { 'dynamic-import': false }` below makes it a plain `require`.
 */
function splitPoints(points) {
  return {
    name: 'split-points',
    setup(build) {
      build.onResolve({ filter: /^\./ }, (args) => {
        const importer = args.importer.startsWith(ROOT) ? args.importer.slice(ROOT.length + 1) : args.importer;
        for (const p of points) {
          if ((p.importer === '*' || p.importer === importer) && resolve(args.resolveDir, args.path) === resolve(ROOT, p.target)) {
            return { path: p.to, external: true };
          }
        }
        return undefined;
      });
    },
  };
}

/**
 * `undici` as the two classes the core uses (`Agent`, `EnvHttpProxyAgent`) plus the dispatcher API
 * methods undici's index installs, instead of its index, which also loads fetch, WebSocket, the
 * cache, the mock agent and more: about half the bytes and a third of the time to require. The shim is ESM with named exports, so an import of any other
 * name from 'undici' fails the build ("No matching export") instead of being undefined at run time.
 */
const undiciSlim = {
  name: 'undici-slim',
  setup(build) {
    build.onResolve({ filter: /^undici$/ }, () => ({ path: 'undici', namespace: 'undici-slim' }));
    build.onLoad({ filter: /.*/, namespace: 'undici-slim' }, () => ({
      contents: [
        "import Dispatcher from 'undici/lib/dispatcher/dispatcher.js';",
        "import api from 'undici/lib/api/index.js';",
        "import Agent from 'undici/lib/dispatcher/agent.js';",
        "import EnvHttpProxyAgent from 'undici/lib/dispatcher/env-http-proxy-agent.js';",
        // What undici's index does to every dispatcher: `request`, `stream`, `pipeline`, … methods.
        'Object.assign(Dispatcher.prototype, api);',
        'export { Agent, EnvHttpProxyAgent };',
      ].join('\n'),
      resolveDir: ROOT,
      loader: 'js',
    }));
  },
};

/**
 * `ajv` (for `validate.response` / `output.schema` JSON Schemas) is constructed on first use only,
 * but its import ran its module body (about 40 ms) at start-up of every run. This stand-in is a
 * constructor that requires the real package when called; the shim is ESM with only a default
 * export, so a new named import from 'ajv' fails the build instead of being undefined.
 */
const ajvLazy = {
  name: 'ajv-lazy',
  setup(build) {
    build.onResolve({ filter: /^ajv$/ }, () => ({ path: 'ajv', namespace: 'ajv-lazy' }));
    build.onLoad({ filter: /.*/, namespace: 'ajv-lazy' }, () => ({
      contents: [
        'let Real;',
        'export default function Ajv(options) {',
        "  Real ??= require('ajv/dist/ajv.js').default;",
        '  return new Real(options);',
        '}',
      ].join('\n'),
      resolveDir: ROOT,
      loader: 'js',
    }));
  },
};

/**
 * The QuickJS packages (required lazily by src/core/transform/quickjs.ts) come from dist/quickjs.js,
 * one bundle shared by the CLI and the extension engine, evaluated on the first transform only.
 */
const QUICKJS = {
  core: 'quickjs-emscripten-core',
  ffi: '@jitl/quickjs-wasmfile-release-sync/ffi',
  loader: '@jitl/quickjs-wasmfile-release-sync/emscripten-module',
};
const quickjsSplit = {
  name: 'quickjs-split',
  setup(build) {
    const byName = new Map(Object.entries(QUICKJS).map(([k, v]) => [v, k]));
    build.onResolve({ filter: /quickjs/ }, (args) => (byName.has(args.path) ? { path: args.path, namespace: 'quickjs-split' } : undefined));
    build.onResolve({ filter: /^\.\/quickjs\.js$/, namespace: 'quickjs-split' }, () => ({ path: './quickjs.js', external: true }));
    build.onLoad({ filter: /.*/, namespace: 'quickjs-split' }, (args) => ({
      contents: `module.exports = require('./quickjs.js').${byName.get(args.path)};`,
      loader: 'js',
    }));
  },
};
/**
 * re2js (the linear-time engine of schema `pattern`s, src/core/response-checks/safe-regex.ts) is
 * about 170 KB: it comes from dist/re2js.js, required the first time a file's schema has a pattern,
 * so neither activation nor a validation without patterns loads it.
 */
const re2jsSplit = {
  name: 're2js-split',
  setup(build) {
    build.onResolve({ filter: /^re2js$/ }, () => ({ path: 're2js', namespace: 're2js-split' }));
    build.onResolve({ filter: /^\.\/re2js\.js$/, namespace: 're2js-split' }, () => ({ path: './re2js.js', external: true }));
    build.onLoad({ filter: /.*/, namespace: 're2js-split' }, () => ({
      contents: [
        'let real;',
        "const load = () => (real ??= require('./re2js.js'));",
        'export const RE2JS = { compile: (...args) => load().RE2JS.compile(...args) };',
      ].join('\n'),
      loader: 'js',
    }));
  },
};

/**
 * Activation validates files but shows no hover or completion (those are dist/editor-extras.js,
 * which bundles the whole schema): there the schema's annotations (descriptions, snippets,
 * examples: about half its bytes) are left out, the structure the validator walks is kept.
 */
const ANNOTATIONS = new Set(['description', 'markdownDescription', 'defaultSnippets', 'examples', 'title', 'deprecationMessage', 'enumDescriptions', 'markdownEnumDescriptions']);
const schemaShape = {
  name: 'schema-shape',
  setup(build) {
    build.onLoad({ filter: /schemas[\\/]integration\.schema\.json$/ }, async (args) => {
      const strip = (v) => {
        if (Array.isArray(v)) return v.map(strip);
        if (v === null || typeof v !== 'object') return v;
        // Annotation keys are dropped only where they annotate, never as property names (`properties.description`).
        return Object.fromEntries(Object.entries(v).filter(([k, x]) => !ANNOTATIONS.has(k) || (typeof x === 'object' && x !== null && !Array.isArray(x) && k !== 'defaultSnippets' && k !== 'examples')).map(([k, x]) => [k, strip(x)]));
      };
      const { readFile } = await import('node:fs/promises');
      return { contents: JSON.stringify(strip(JSON.parse(await readFile(args.path, 'utf8')))), loader: 'json' };
    });
  },
};

/**
 * `@apidevtools/swagger-parser` (the OpenAPI import, src/core/import/openapi.ts) only dereferences:
 * its validators (ajv and the OpenAPI JSON Schemas) never run, so they are left out of the
 * bundles; calling one throws.
 */
const swaggerParserSlim = {
  name: 'swagger-parser-slim',
  setup(build) {
    build.onResolve({ filter: /^\.\/validators\/(schema|spec)$/ }, (args) =>
      /[\\/]@apidevtools[\\/]swagger-parser[\\/]/.test(args.importer) ? { path: args.path, namespace: 'swagger-parser-slim' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'swagger-parser-slim' }, () => ({
      contents: "module.exports = function () { throw new Error('OpenAPI validation is not in this build: the import only dereferences'); };",
      loader: 'js',
    }));
  },
};

const quickjsEntry = `module.exports = {\n${Object.entries(QUICKJS)
  .map(([k, v]) => `  get ${k}() { return require(${JSON.stringify(v)}); },`)
  .join('\n')}\n};\n`;

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  define: { ION_VERSION: JSON.stringify(pkg.version) },
};
const node = { ...common, outdir: 'dist', platform: 'node', format: 'cjs', target: 'node20', supported: { 'dynamic-import': false } };
// What VS Code and `ion` load: always minified (activation and a cold run are mostly parsing).
const loaded = { ...node, minify: true };

const CLI_COMMANDS = ['validate', 'run', 'test', 'curl', 'serve', 'docs', 'report', 'import', 'auth'];
const cliSplit = splitPoints([
  ...CLI_COMMANDS.map((c) => ({ importer: 'src/cli/main.ts', target: `src/cli/commands/${c}`, to: `./cli-${c}.js` })),
  { importer: '*', target: 'src/cli/args', to: './cli-args.js' },
]);
// The CLI keeps a linked source map even in production (stack traces of bug reports).
const cli = { ...loaded, sourcemap: 'linked' };

const entries = [
  {
    ...loaded,
    entryPoints: { extension: 'src/extension/extension.ts' },
    external: ['vscode'],
    // What activation loads, by input (read by bench/extension.bench.ts).
    metafile: true,
    plugins: [
      splitPoints([
        { importer: 'src/extension/running/engine.ts', target: 'src/extension/running/engine-impl', to: './engine.js' },
        { importer: 'src/extension/editing/lazy.ts', target: 'src/extension/editing/editor-extras', to: './editor-extras.js' },
        { importer: 'src/extension/editing/import-spec.ts', target: 'src/extension/editing/import-impl', to: './import.js' },
        { importer: 'src/extension/extension.ts', target: 'src/extension/test-api', to: './test-api.js' },
        { importer: 'src/extension/walkthrough/demo.ts', target: 'src/demo/server', to: './demo-api.js' },
        { importer: 'src/extension/docs/load.ts', target: 'src/extension/docs/docs-view', to: './docs-view.js' },
        { importer: 'src/extension/history/index.ts', target: 'src/extension/history/impl', to: './history.js' },
      ]),
      re2jsSplit,
      schemaShape,
    ],
  },
  {
    ...loaded,
    entryPoints: {
      engine: 'src/extension/running/engine-impl.ts',
      'editor-extras': 'src/extension/editing/editor-extras.ts',
      import: 'src/extension/editing/import-impl.ts',
      'test-api': 'src/extension/test-api.ts',
      'demo-api': 'src/demo/server.ts',
      'docs-view': 'src/extension/docs/docs-view.ts',
    },
    external: ['vscode'],
    plugins: [undiciSlim, ajvLazy, quickjsSplit, re2jsSplit, swaggerParserSlim],
  },
  // Run history (src/extension/history/impl.ts): the Runs view, the dashboard, stored results, alerts.
  { ...loaded, entryPoints: { history: 'src/extension/history/impl.ts' }, external: ['vscode'] },
  { ...loaded, stdin: { contents: "module.exports = require('re2js');", resolveDir: ROOT, sourcefile: 're2js-entry.js', loader: 'js' }, outdir: undefined, outfile: 'dist/re2js.js' },
  // The transform sandbox's worker thread (src/core/transform/pool.ts finds it next to the bundle
  // that starts it: engine.js or cli-<cmd>.js); QuickJS itself still comes from dist/quickjs.js.
  { ...loaded, entryPoints: { 'transform-worker': 'src/core/transform/worker.ts' }, plugins: [quickjsSplit] },
  // The trigger host: the child process the editor's Start Triggers forks (src/extension/triggers/child.ts).
  { ...loaded, entryPoints: { 'serve-host': 'src/extension/triggers/child.ts' }, plugins: [undiciSlim, ajvLazy, quickjsSplit, re2jsSplit] },
  {
    ...loaded,
    stdin: { contents: quickjsEntry, resolveDir: ROOT, sourcefile: 'quickjs-entry.js', loader: 'js' },
    outdir: undefined,
    outfile: 'dist/quickjs.js',
  },
  // `--` ends Node's own options: Node scans its whole argv for `--env-file` (even after the script,
  // nodejs/node#54232) and exits 9 on a missing file before the CLI runs; `ion --env-file` is ours.
  { ...cli, entryPoints: { cli: 'src/cli/index.ts' }, banner: { js: '#!/usr/bin/env -S node --' }, plugins: [cliSplit] },
  { ...cli, entryPoints: { 'cli-args': 'src/cli/args.ts' } },
  {
    ...cli,
    entryPoints: Object.fromEntries(CLI_COMMANDS.map((c) => [`cli-${c}`, `src/cli/commands/${c}.ts`])),
    plugins: [cliSplit, undiciSlim, ajvLazy, quickjsSplit, re2jsSplit, swaggerParserSlim],
  },
  { ...node, entryPoints: { 'demo-server': 'src/demo/main.ts', demo: 'src/demo/run-demo.ts' }, banner: { js: '#!/usr/bin/env node' } },
];
if (existsSync('src/webview/main.ts')) {
  entries.push({
    ...common,
    entryPoints: { main: 'src/webview/main.ts', dashboard: 'src/webview/dashboard/main.ts' },
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  });
}

/** What every build leaves next to the bundles besides them (both modes). */
function finish(results) {
  writeFileSync(join('dist', 'extension.meta.json'), JSON.stringify(results[0].metafile));
  chmodSync('dist/cli.js', 0o755);
  // The QuickJS sandbox's WebAssembly binary sits next to the bundles (a .vsix has no node_modules).
  mkdirSync('dist', { recursive: true });
  const require = createRequire(import.meta.url);
  copyFileSync(require.resolve('@jitl/quickjs-wasmfile-release-sync/wasm'), join('dist', 'emscripten-module.wasm'));
  // Last, so a build that failed above leaves the old stamp. `--watch` stamps its first build only:
  // after a rebuild the bundle tests report dist/ as stale until `npm run build`.
  writeStamp('dist', sources);
}

try {
  if (watch) {
    // One full build first (its metafile, the chmod and the wasm copy), then rebuild on changes.
    // A first build that fails is reported and watching goes on, as `esbuild --watch` does.
    const contexts = await Promise.all(entries.map((options) => esbuild.context(options)));
    try {
      finish(await Promise.all(contexts.map((ctx) => ctx.rebuild())));
    } catch (e) {
      if (!e?.errors) console.error(e);
      console.log('[esbuild] the first build failed; watching for fixes');
    }
    for (const ctx of contexts) await ctx.watch();
    console.log('[esbuild] watching');
  } else {
    finish(await Promise.all(entries.map((options) => esbuild.build(options))));
  }
} catch (e) {
  // esbuild has already printed its own errors with their positions; anything else is printed here.
  if (!e?.errors) console.error(e);
  process.exit(1);
}
