#!/usr/bin/env node
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS: run by Node as is */
// Host test: the response panel survives a window reload. In the code-server workbench (the
// harness of scripts/host/lib/), with the built extension: run an integration from the command
// palette, wait for the panel's webview to show the run, reload the page (the whole workbench
// and extension host start again), and check that the panel comes back showing the same run,
// through the `gatewayIon.result` serializer (registerWebviewPanelSerializer in
// src/extension/panel/panels.ts) and the script's saved state, without running anything again.
//   npm run build && node test/host/reload/panel-restore.js      (exit 0: passed)
// Run under the host lock like the other host launches: flock /tmp/ion-host.lock node …
'use strict';
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { ROOT } = require('../../../scripts/host/lib/paths');
const { openSession } = require('../../../scripts/host/lib/session');
const { chooseRow, runCommand, waitForPanel } = require('../../../scripts/host/lib/workbench');
const { startScreenshotApi } = require('../../../scripts/host/screenshots/api');

const FOLDER = path.join(ROOT, 'scripts/host/screenshots');
const FILE = path.join(FOLDER, 'customer-lookup.ion.yaml');

async function main() {
  if (!fs.existsSync(path.join(ROOT, 'dist/extension.js'))) throw new Error('dist/extension.js is missing: run `npm run build` first');
  const api = await startScreenshotApi();
  let finished = false;
  const session = await openSession({
    trust: 'off',
    settings: { 'workbench.secondarySideBar.defaultVisibility': 'hidden' },
    devPaths: [ROOT],
    // Not `openFile`: a workbench URL that names a file to open does not restore the editors.
    workspace: FOLDER,
    timeoutMs: 300000,
    onFinish: async (code, why) => {
      if (finished) return;
      finished = true;
      await api.close();
      console.log(`[panel-restore] ${why} -> exit ${code}`);
      process.exit(code);
    },
  });
  const { page } = session;
  try {
    await page.keyboard.press('Control+P');
    const quick = page.locator('.quick-input-widget');
    await quick.locator('input').first().waitFor({ state: 'visible', timeout: 30000 });
    await page.keyboard.type(path.basename(FILE));
    await chooseRow(quick, path.basename(FILE));
    await page.locator('.editor-instance .view-lines').first().waitFor({ timeout: 60000 });
    await runCommand(page, 'Gateway Ion: Run Integration');
    const before = await waitForPanel(page);
    assert.equal(before.badge, 'OK');
    assert.equal(before.title, 'customer-lookup');
    const calls = api.requests();
    assert.equal(calls, 2, 'a 503, then the 200');
    console.log('[panel-restore] the panel shows the run; reloading the window');

    // The workbench's own reload (as a user does it): it saves the editors' state first.
    const reloaded = page.waitForEvent('load', { timeout: 120000 });
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').first().waitFor({ state: 'visible', timeout: 30000 });
    await page.keyboard.type('Developer: Reload Window');
    await chooseRow(page.locator('.quick-input-widget'), 'Developer: Reload Window');
    await reloaded;
    await page.waitForSelector('.monaco-workbench', { timeout: 120000 });
    const after = await waitForPanel(page, 120000);
    assert.equal(after.badge, 'OK');
    assert.equal(after.title, before.title);
    assert.equal(after.text, before.text, 'the restored panel shows the same run, to the letter');
    assert.equal(await page.locator('.tab', { hasText: 'Run: customer-lookup.ion.yaml' }).count(), 1, 'one panel, restored');
    assert.equal(api.requests(), calls, 'restoring ran nothing again');
    console.log('[panel-restore] passed: the panel came back after the reload with the same run');
  } catch (e) {
    await page.screenshot({ path: path.join(ROOT, 'out', 'panel-restore.failed.png') }).catch(() => {});
    console.error(`[panel-restore] FAILED: ${e && e.message ? e.message : e} (the screen: out/panel-restore.failed.png)`);
    await session.finish(1, 'failed');
    return;
  }
  await session.finish(0, 'passed');
}

main().catch((e) => {
  console.error(`[panel-restore] failed: ${e && e.message ? e.message : e}`);
  process.exit(1);
});
