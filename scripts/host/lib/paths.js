/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS: loaded by Node, mocha and @vscode/test-electron as is */
// Where the host test tools live (made by scripts/host/setup.sh). CommonJS: runs on Node 20 and 24.
'use strict';
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '../../..');
const CACHE = path.resolve(process.env.ION_VSCODE_TEST_DIR || path.join(ROOT, '.vscode-test'));
const CODE_SERVER = path.join(CACHE, 'cs/node_modules/code-server');
const NODE24 = path.join(CACHE, 'node24/node_modules/node/bin/node');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/** A desktop VS Code that @vscode/test-electron downloaded earlier (`.vscode-test/vscode-*`), if any. */
function cachedDesktopVsCode() {
  if (!fs.existsSync(CACHE)) return undefined;
  const dirs = fs.readdirSync(CACHE).filter((d) => /^vscode-/.test(d)).sort();
  return dirs.length ? path.join(CACHE, dirs[dirs.length - 1]) : undefined;
}

/** Why the code-server harness cannot start, or undefined when everything is in place. */
function codeServerProblem() {
  if (!fs.existsSync(path.join(CODE_SERVER, 'out/node/entry.js'))) return `code-server missing at ${CODE_SERVER}`;
  if (!fs.existsSync(NODE24)) return `Node 24 missing at ${NODE24}`;
  if (!fs.existsSync(CHROMIUM)) return `chromium missing at ${CHROMIUM}`;
  return undefined;
}

/**
 * Which VS Code the host suites use: 'desktop' (downloaded by @vscode/test-electron) when
 * ION_TEST_VSCODE=desktop or one is already cached, else 'code-server' (the offline harness).
 */
function hostKind() {
  const asked = process.env.ION_TEST_VSCODE;
  if (asked === 'desktop' || asked === 'code-server') return asked;
  if (asked) throw new Error(`ION_TEST_VSCODE must be "desktop" or "code-server", not "${asked}"`);
  return cachedDesktopVsCode() ? 'desktop' : 'code-server';
}

module.exports = { ROOT, CACHE, CODE_SERVER, NODE24, CHROMIUM, cachedDesktopVsCode, codeServerProblem, hostKind };
