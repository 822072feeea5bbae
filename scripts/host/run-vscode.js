#!/usr/bin/env node
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS: loaded by Node, mocha and @vscode/test-electron as is */
// The code-server harness: runs an extension's test suite inside a REAL VS Code extension host
// (code-server's Node extension host, workbench in headless Debian chromium), fully offline.
// It accepts the argv that @vscode/test-electron's runTests() passes to `vscodeExecutablePath`, so it
// can BE that executable:
//   --extensionDevelopmentPath=DIR (repeatable)  --extensionTestsPath=FILE  [WORKSPACE_FOLDER]
//   [--disable-extensions] [--ion-workspace-trust=untrusted] [--timeout=SECONDS] [--verbose]
// Other flags runTests() adds (--no-sandbox, --user-data-dir=..., --disable-workspace-trust, ...) are
// ignored: Workspace Trust is off unless --ion-workspace-trust=untrusted asks for it on, with the
// workspace left untrusted (Restricted Mode).
// Exit code: the suite's (0 all passed, 1 failures), 124 on timeout, 1 when the host cannot start.
'use strict';
const path = require('path');
const { openSession } = require('./lib/session');
const { trustFromArgs } = require('./lib/settings');

const args = process.argv.slice(2);
const devPaths = [];
const positional = [];
const flags = {};
for (const a of args) {
  const m = /^--([^=]+)(?:=(.*))?$/.exec(a);
  if (!m) positional.push(a);
  else if (m[1] === 'extensionDevelopmentPath') devPaths.push(path.resolve(m[2]));
  else flags[m[1]] = m[2] ?? 'true';
}
if (!flags.extensionTestsPath) {
  console.error('[harness] --extensionTestsPath=FILE is required (for pictures use scripts/host/screenshot.js)');
  process.exit(2);
}

const verbose = flags.verbose === 'true' || process.env.ION_HOST_VERBOSE === '1';
let done = false;
function onFinish(code, why) {
  if (done) return;
  done = true;
  console.log(`[harness] ${why} -> exit ${code}`);
  process.exit(code);
}

(async () => {
  const session = await openSession({
    trust: trustFromArgs(args),
    devPaths,
    testsPath: path.resolve(flags.extensionTestsPath),
    workspace: positional[0],
    disableExtensions: flags['disable-extensions'] === 'true',
    verbose,
    timeoutMs: Number(flags.timeout || process.env.ION_HOST_TIMEOUT || 900) * 1000,
    onFinish,
  });
  const code = await session.exited;
  await session.flushed();
  await session.finish(code, `extension tests finished with code ${code}`);
})().catch((e) => {
  console.error('[harness] the extension host could not start:', e && e.message ? e.message : e);
  onFinish(1, 'harness error');
});
