#!/usr/bin/env node
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS: run by Node as is */
// Runs one host suite with @vscode/test-electron's runTests():
//   node scripts/host/run-tests.js --suite suite|restricted
// Which VS Code:
//   - desktop VS Code (downloaded by test-electron) when ION_TEST_VSCODE=desktop, or when one is
//     already cached in .vscode-test/vscode-*: a user with internet needs no code-server;
//   - otherwise (or with ION_TEST_VSCODE=code-server) the offline code-server harness
//     (scripts/host/run-vscode.js as `vscodeExecutablePath`), set up by scripts/host/setup.sh.
// Launches: `suite` with Workspace Trust off; `restricted` with trust on and the workspace untrusted.
// Exit code: 0 when the suite passed, non-zero when a test failed or the host could not start.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { runTests, downloadAndUnzipVSCode } = require('@vscode/test-electron');
const { ROOT, CACHE, hostKind } = require('./lib/paths');
const { writeUserSettings } = require('./lib/settings');

const SUITES = {
  suite: { testsPath: 'out/test/host/index.js', trust: 'off' },
  restricted: { testsPath: 'out/test/host/restricted/index.js', trust: 'untrusted' },
};

function parse(argv) {
  const i = argv.indexOf('--suite');
  const name = i >= 0 ? argv[i + 1] : 'suite';
  if (!SUITES[name]) throw new Error(`--suite must be one of ${Object.keys(SUITES).join(', ')}`);
  return name;
}

async function main() {
  const name = parse(process.argv.slice(2));
  const suite = SUITES[name];
  const kind = hostKind();
  const testsPath = path.join(ROOT, suite.testsPath);
  if (!fs.existsSync(testsPath)) throw new Error(`${suite.testsPath} is missing: run node scripts/host/build-tests.mjs`);
  const workspace = path.join(ROOT, 'test/host/workspace');
  const launchArgs = [workspace, '--disable-extensions'];
  const options = { extensionDevelopmentPath: ROOT, extensionTestsPath: testsPath, launchArgs };
  let userDataDir;
  if (kind === 'code-server') {
    options.vscodeExecutablePath = path.join(__dirname, 'run-vscode.js');
    if (suite.trust === 'untrusted') launchArgs.push('--ion-workspace-trust=untrusted');
  } else {
    // Desktop: our own user data (offline settings, the trust mode) in a temp folder.
    userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ion-vscode-desktop-'));
    writeUserSettings(userDataDir, suite.trust);
    launchArgs.push(`--user-data-dir=${userDataDir}`);
    if (suite.trust === 'untrusted') {
      // runTests() always adds --disable-workspace-trust: a small wrapper drops it.
      process.env.ION_VSCODE_DESKTOP_EXE = await downloadAndUnzipVSCode({ cachePath: CACHE });
      options.vscodeExecutablePath = path.join(__dirname, 'desktop-with-trust.js');
    } else {
      options.cachePath = CACHE;
    }
  }
  console.log(`[host] ${name}: ${kind === 'desktop' ? 'desktop VS Code' : 'code-server harness'}, workspace trust ${suite.trust}`);
  const t0 = Date.now();
  try {
    await runTests(options);
  } finally {
    if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
    console.log(`[host] ${name} took ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(`[host] failed: ${e && e.message ? e.message : e}`);
    process.exit(typeof e?.code === 'number' && e.code !== 0 ? e.code : 1);
  },
);
