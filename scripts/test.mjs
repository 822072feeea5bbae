// `npm test`: build, type-check (`npm run typecheck`: every tsconfig) and lint (`npm run lint`) side
// by side, host setup, unit tests (mocha in Node), then the extension-host suites in a real VS Code:
// the default launch (Workspace Trust off) and Restricted Mode (trust on, untrusted).
// Prints a table of each check's and suite's counts (a check counts as one test), then ONE closing
// line `N passed, N failed[, N skipped]`. Exits non-zero when any step, check or test fails, and when
// a host cannot start (a failure, never a skip).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const { ROOT, hostKind } = require('./host/lib/paths.js');
const t0 = Date.now();
const tmp = mkdtempSync(join(tmpdir(), 'ion-test-'));
const rows = [];
let broken = false; // a step that is not a test suite failed (build, setup)

function run(cmd, args, env = {}) {
  const start = Date.now();
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
  return { ok: r.status === 0, status: r.status ?? 1, seconds: (Date.now() - start) / 1000 };
}

function step(title, cmd, args) {
  console.log(`\n=== ${title}`);
  const r = run(cmd, args);
  if (!r.ok) {
    broken = true;
    console.error(`=== ${title} failed (exit ${r.status})`);
  }
  return r.ok;
}

/** Runs a suite whose mocha reporter writes its totals to `countsFile`; no file counts as 1 failure. */
function suite(name, cmd, args, countsFile) {
  console.log(`\n=== ${name}`);
  rmSync(countsFile, { force: true });
  const r = run(cmd, args);
  let counts = { passed: 0, failed: 0, skipped: 0 };
  let note = '';
  if (existsSync(countsFile)) counts = JSON.parse(readFileSync(countsFile, 'utf8'));
  else {
    counts.failed = 1;
    note = 'did not run (no totals: the runner or the host could not start)';
  }
  if (!r.ok && counts.failed === 0) {
    counts.failed = 1;
    note = `exited ${r.status} although no test failed`;
  }
  rows.push({ name, ...counts, seconds: r.seconds, note });
}

/**
 * Runs the `npm run` scripts at once (tsc and ESLint are single-threaded), each one a row that
 * counts as one test; their output is printed after each ends, so it does not interleave.
 */
async function checks(names) {
  const runOne = (name) =>
    new Promise((resolve) => {
      const start = Date.now();
      const child = spawn('npm', ['run', name, '--silent'], { cwd: ROOT, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      child.stdout.on('data', (d) => (text += d));
      child.stderr.on('data', (d) => (text += d));
      child.on('error', (e) => (text += `${e.message}\n`));
      child.on('close', (code) => {
        const seconds = (Date.now() - start) / 1000;
        console.log(`\n=== ${name} (npm run ${name})${code === 0 ? '' : ` failed (exit ${code})`}`);
        if (text.trim()) process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
        const ok = code === 0;
        resolve({ name, passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0, seconds, note: ok ? '' : 'errors above' });
      });
    });
  rows.push(...(await Promise.all(names.map(runOne))));
}

function skipSuite(name, why) {
  rows.push({ name, passed: 0, failed: 1, skipped: 0, seconds: 0, note: why });
}

const built = step('build', 'npm', ['run', 'build', '--silent']);
// Also when the build failed: type errors are often why.
await checks(['typecheck', 'lint']);

// The host setup comes first: the grammar unit tests tokenize with the vscode-textmate it installs.
const kind = hostKind();
let hostReady = built && step('host tests: build', 'node', ['scripts/host/build-tests.mjs']);
if (hostReady && kind === 'code-server') hostReady = step('host setup (cached in .vscode-test/)', 'bash', ['scripts/host/setup.sh']);

const unitCounts = join(tmp, 'unit.json');
suite('unit', 'npm', ['run', 'test:unit', '--silent', '--', '--reporter', './test/reporters/counts.js',
  '--reporter-option', `countsFile=${unitCounts}`], unitCounts);

for (const name of ['suite', 'restricted']) {
  const label = name === 'suite' ? 'host' : 'host restricted';
  const countsFile = join(ROOT, 'out/test/host/results', `${name}.json`);
  if (hostReady) suite(label, 'node', ['scripts/host/run-tests.js', '--suite', name], countsFile);
  else skipSuite(label, 'not run: an earlier step failed');
}
// The panel survives a window reload: a whole-workbench test of its own (it reloads the page, which a
// suite inside the extension host cannot outlive); one row, 1 passed or 1 failed.
if (kind === 'code-server') {
  if (hostReady) {
    console.log('\n=== host reload (test/host/reload/panel-restore.js)');
    const r = run('node', ['test/host/reload/panel-restore.js']);
    rows.push({ name: 'host reload', passed: r.ok ? 1 : 0, failed: r.ok ? 0 : 1, skipped: 0, seconds: r.seconds, note: r.ok ? '' : `exited ${r.status}` });
  } else skipSuite('host reload', 'not run: an earlier step failed');
}
rmSync(tmp, { recursive: true, force: true });

const total = rows.reduce((a, r) => ({ passed: a.passed + r.passed, failed: a.failed + r.failed, skipped: a.skipped + r.skipped }),
  { passed: 0, failed: 0, skipped: 0 });
const pad = (v, n) => String(v).padStart(n);
console.log(`\nsuite              passed  failed  skipped     time   (${kind === 'desktop' ? 'desktop VS Code' : 'code-server host'})`);
for (const r of rows) {
  console.log(`${r.name.padEnd(16)} ${pad(r.passed, 8)} ${pad(r.failed, 7)} ${pad(r.skipped, 8)} ${pad(r.seconds.toFixed(1), 7)}s${r.note ? '   ' + r.note : ''}`);
}
console.log(`total time ${((Date.now() - t0) / 1000).toFixed(1)}s${broken ? '; a build or setup step failed (see above)' : ''}`);
console.log(`${total.passed} passed, ${total.failed + (broken && total.failed === 0 ? 1 : 0)} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
process.exit(broken || total.failed > 0 ? 1 : 0);
