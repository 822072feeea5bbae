/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS: loaded by Node, mocha and @vscode/test-electron as is */
// Headless Debian chromium (through playwright-core) on the code-server workbench, kept on loopback.
'use strict';
const path = require('path');
const util = require('util');
const { chromium } = require('playwright-core');
const { CHROMIUM } = require('./paths');

const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--no-pings',
  '--disable-domain-reliability', '--disable-client-side-phishing-detection', '--disable-default-apps',
  '--disable-extensions',
  // Chromium's own lookups (update and account services) resolve nowhere; only loopback resolves.
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
];

/** @param {string} tmp */
function launchBrowser(tmp) {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    env: { ...process.env, XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'), XDG_CACHE_HOME: path.join(tmp, 'xdg-cache') },
  });
}

/**
 * The workbench URL: `payload` carries the extension under development and the test entry (as
 * `vscode-remote://` URIs of the server), `folder` the workspace.
 */
function workbenchUrl(server, o) {
  const authority = `127.0.0.1:${server.port}`;
  const remote = (p) => `vscode-remote://${authority}${path.resolve(p).split(path.sep).join('/')}`;
  const payload = [];
  for (const d of o.devPaths || []) payload.push(['extensionDevelopmentPath', remote(d)]);
  if (o.disableExtensions) payload.push(['disableExtensions', 'true']);
  if (o.testsPath) payload.push(['extensionTestsPath', remote(o.testsPath)]);
  // A debugId makes the workbench forward extension-host console output to the page console,
  // prefixed "[Extension Host]".
  if (o.openFile) {
    // `gotoLineMode` reads `path:line:column` and puts the cursor there.
    const at = o.openAt ? `:${o.openAt.line}:${o.openAt.column || 1}` : '';
    payload.push(['openFile', remote(o.openFile) + at]);
    if (at) payload.push(['gotoLineMode', 'true']);
  }
  payload.push(['debugId', 'ion-host-tests'], ['skipWelcome', 'true'], ['skipReleaseNotes', 'true']);
  let url = `${server.url}?payload=${encodeURIComponent(JSON.stringify(payload))}`;
  url += o.workspace ? `&folder=${encodeURIComponent(path.resolve(o.workspace))}` : '&ew=true';
  return url;
}

/**
 * A page that blocks every non-loopback request, forwards extension-host console lines to
 * `onHostLine` in order, and resolves `exited` when the workbench calls `codeAutomationExit(code)`.
 */
async function newWorkbenchPage(browser, o = {}) {
  const page = await browser.newPage({ viewport: o.viewport || { width: 1400, height: 900 } });
  let printed = Promise.resolve();
  const head = '%c[Extension Host] %c';
  page.on('console', (m) => {
    printed = printed.then(async () => {
      const t = m.text();
      if (o.verbose) console.log(`[page:${m.type()}] ${t}`);
      if (!t.startsWith('%c[Extension Host]')) return;
      // args: ['%c[Extension Host] %c<format>', 'color: blue', 'color: ', ...formatArgs]
      const a = await Promise.all(m.args().map((h) => h.jsonValue().catch(() => '?')));
      const line = String(a[0]).startsWith(head) ? util.format(String(a[0]).slice(head.length), ...a.slice(3)) : '';
      (o.onHostLine || ((l) => process.stdout.write(l + '\n')))(line);
    });
  });
  page.on('pageerror', (e) => console.log('[harness] page error:', e.message));
  await page.route((u) => !/^(http:\/\/127\.0\.0\.1[:/]|data:|blob:)/.test(u.href), (r) => {
    console.log('[harness] blocked non-local request:', r.request().url());
    return r.abort();
  });
  let exit;
  const exited = new Promise((resolve) => { exit = resolve; });
  await page.exposeFunction('codeAutomationLog', (type, args) => { if (o.verbose) console.log('[automation]', type, ...args); });
  await page.exposeFunction('codeAutomationExit', (code) => exit(Number(code)));
  return { page, exited, flushed: () => printed };
}

module.exports = { launchBrowser, workbenchUrl, newWorkbenchPage };
