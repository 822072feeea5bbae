// `npm run typecheck`: `tsc --noEmit` for every tsconfig of the repository, side by side (tsc is
// single-threaded), after generating src/core/generated/ (which the sources import). Each project
// keeps an incremental build-info file in .cache/tsc/ (git-ignored), so a re-run checks only what
// changed. Prints each project's errors and exits 1 when any project has one.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const TSC = require.resolve('typescript/bin/tsc');

const gen = spawnSync(process.execPath, [join(ROOT, 'scripts/gen-schema-validator.mjs')], { cwd: ROOT, stdio: 'inherit' });
if (gen.status !== 0) process.exit(gen.status ?? 1);

// Every tsconfig*.json at the root: a new one is checked without editing this file.
const projects = readdirSync(ROOT).filter((f) => /^tsconfig(\..+)?\.json$/.test(f)).sort();

function check(project) {
  return new Promise((resolve) => {
    const info = join(ROOT, '.cache/tsc', project.replace(/\.json$/, '.tsbuildinfo'));
    const child = spawn(process.execPath, [TSC, '--noEmit', '-p', project, '--incremental', '--tsBuildInfoFile', info, '--pretty', 'false'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    child.stdout.on('data', (d) => (text += d));
    child.stderr.on('data', (d) => (text += d));
    child.on('error', (e) => (text += `${e.message}\n`));
    child.on('close', (code) => resolve({ project, ok: code === 0, text }));
  });
}

const results = await Promise.all(projects.map(check));
for (const r of results) {
  console.log(`tsc -p ${r.project}: ${r.ok ? 'no errors' : 'errors'}`);
  if (r.text.trim()) process.stdout.write(r.text.endsWith('\n') ? r.text : `${r.text}\n`);
}
process.exit(results.every((r) => r.ok) ? 0 : 1);
