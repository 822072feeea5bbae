// Builds the extension-host tests: test/host/**/index.ts and every test/host/**/*.test.ts, bundled
// one file each into out/test/host/ (same layout), `vscode` and `mocha` left to the host at run time.
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const src = join(root, 'test/host');
const outdir = join(root, 'out/test/host');

const entryPoints = readdirSync(src, { recursive: true })
  .map(String)
  .filter((f) => !f.startsWith('workspace') && (f.endsWith('.test.ts') || /(^|\/)index\.ts$/.test(f)))
  .map((f) => join(src, f));

rmSync(outdir, { recursive: true, force: true });
try {
  await esbuild.build({
    entryPoints,
    outbase: src,
    outdir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
} catch {
  process.exit(1); // esbuild has printed the errors with their positions
}
console.log(`[host:build] ${entryPoints.length} entries -> ${relative(root, outdir)}/`);
