// One build for every entry (STYLE.md): the extension (node, `vscode` external), the CLI (node,
// with a shebang), and the webview (browser). `--production` minifies; `--watch` rebuilds.
// Exits non-zero on any error.
import * as esbuild from 'esbuild';
import { existsSync, readFileSync, chmodSync, copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

// Generated code first: the ajv standalone validator of schemas/integration.schema.json.
for (const script of ['scripts/gen-schema-validator.mjs']) {
  if (!existsSync(script)) continue;
  const r = spawnSync(process.execPath, [script], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  define: { ION_VERSION: JSON.stringify(pkg.version) },
};

const entries = [
  {
    ...common,
    entryPoints: { extension: 'src/extension/extension.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: { cli: 'src/cli/index.ts', 'demo-server': 'src/demo/main.ts', demo: 'src/demo/run-demo.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
];
if (existsSync('src/webview/main.ts')) {
  entries.push({
    ...common,
    entryPoints: { main: 'src/webview/main.ts' },
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  });
}

try {
  if (watch) {
    for (const options of entries) await (await esbuild.context(options)).watch();
    console.log('[esbuild] watching');
  } else {
    await Promise.all(entries.map((options) => esbuild.build(options)));
    chmodSync('dist/cli.js', 0o755);
    // The QuickJS sandbox's WebAssembly binary sits next to the bundles (a .vsix has no node_modules).
    mkdirSync('dist', { recursive: true });
    const require = createRequire(import.meta.url);
    copyFileSync(require.resolve('@jitl/quickjs-wasmfile-release-sync/wasm'), 'dist/emscripten-module.wasm');
  }
} catch (e) {
  // esbuild has already printed the errors with their positions.
  process.exit(1);
}
