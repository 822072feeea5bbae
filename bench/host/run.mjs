// Builds bench/host/perf.ts and runs it in the real extension host through the existing
// code-server harness (scripts/host/run-vscode.js used as @vscode/test-electron's executable, as
// scripts/host/run-tests.js does; that script only knows its own suites, so it is not used).
// Writes bench/results/host.json. Exit 3 when the harness is not set up (npm run host:setup).
import { createRequire } from 'node:module';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(here, '../..');
const RESULTS = join(ROOT, 'bench/results');
const { codeServerProblem } = require(join(ROOT, 'scripts/host/lib/paths.js'));

const problem = codeServerProblem();
if (problem) {
  console.error(`[bench:host] skipped: ${problem} (run npm run host:setup)`);
  process.exit(3);
}

// The files: the editor benchmark's generator plus one warning to wait for (`input.trace`).
const { makeFile } = await import(join(ROOT, 'bench/results/host-out/files.mjs')).catch(async () => {
  await esbuild.build({ entryPoints: [join(here, '../lib/files.ts')], outfile: join(RESULTS, 'host-out/files.mjs'), format: 'esm', platform: 'node', bundle: true, logLevel: 'warning' });
  return import(join(RESULTS, 'host-out/files.mjs'));
});
const filesDir = join(RESULTS, 'host-files');
rmSync(filesDir, { recursive: true, force: true });
mkdirSync(filesDir, { recursive: true });
for (const lines of [50, 1000, 10000]) {
  const text = makeFile(lines).replace('    Accept: application/vnd.github+json\n', '    Accept: application/vnd.github+json\n    X-Trace: "{{ input.trace }}"\n');
  writeFileSync(join(filesDir, `${lines}.ion.yaml`), text);
}
await esbuild.build({
  entryPoints: [join(here, 'perf.ts')],
  outfile: join(RESULTS, 'host-out/index.js'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  logLevel: 'warning',
});
rmSync(join(RESULTS, 'host.json'), { force: true });
const { runTests } = require(join(ROOT, 'node_modules/@vscode/test-electron'));
try {
  await runTests({
    vscodeExecutablePath: join(ROOT, 'scripts/host/run-vscode.js'),
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: join(RESULTS, 'host-out/index.js'),
    launchArgs: [join(here, 'workspace'), '--disable-extensions'],
  });
} catch (e) {
  console.error(`[bench:host] failed: ${e?.message ?? e}`);
  process.exit(1);
}
console.log('[bench:host] wrote bench/results/host.json');
