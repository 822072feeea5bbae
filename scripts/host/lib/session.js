/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS: loaded by Node, mocha and @vscode/test-electron as is */
// One workbench session: a temp folder, code-server, chromium and a page on the workbench URL;
// `close()` (also on SIGINT/SIGTERM, on timeout and when start-up fails) stops exactly the
// processes started here.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { codeServerProblem } = require('./paths');
const { startCodeServer } = require('./code-server');
const { launchBrowser, workbenchUrl, newWorkbenchPage } = require('./browser');

/**
 * @param {{ trust: 'off' | 'untrusted', settings?: object, devPaths?: string[], testsPath?: string,
 *           workspace?: string, openFile?: string, openAt?: { line: number, column: number },
 *           disableExtensions?: boolean, verbose?: boolean, timeoutMs: number, viewport?: object,
 *           onFinish: (code: number, why: string) => void }} o
 */
async function openSession(o) {
  const problem = codeServerProblem();
  if (problem) throw new Error(`${problem}: run \`npm run host:setup\` (scripts/host/setup.sh) first`);
  const t0 = Date.now();
  const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ion-vscode-'));
  let server;
  let browser;
  let closed = false;

  async function close() {
    if (closed) return;
    closed = true;
    try { if (browser) await browser.close(); } catch { /* already gone */ }
    try { if (server) await server.stop(); } catch { /* already gone */ }
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const finish = async (code, why) => { await close(); o.onFinish(code, `${why} (${elapsed()})`); };
  process.once('SIGINT', () => finish(130, 'SIGINT'));
  process.once('SIGTERM', () => finish(143, 'SIGTERM'));
  setTimeout(() => finish(124, `timeout after ${o.timeoutMs / 1000}s`), o.timeoutMs).unref();

  async function start() {
    server = await startCodeServer({
      tmp, trust: o.trust, settings: o.settings, verbose: o.verbose,
      onExit: (c) => { if (!closed) finish(1, `code-server exited unexpectedly (${c})`); },
    });
    console.log(`[harness] code-server up at ${server.url}, workspace trust ${o.trust} (${elapsed()})`);
    browser = await launchBrowser(tmp);
    const { page, exited, flushed } = await newWorkbenchPage(browser, { verbose: o.verbose, viewport: o.viewport });
    page.on('crash', () => finish(1, 'the workbench page crashed'));
    await page.goto(workbenchUrl(server, o));
    await page.waitForSelector('.monaco-workbench', { timeout: 120000 });
    console.log(`[harness] workbench loaded (${elapsed()})`);
    return { page, exited, flushed, close, finish, elapsed };
  }

  try {
    return await start();
  } catch (e) {
    await close();
    throw e;
  }
}

module.exports = { openSession };
