#!/usr/bin/env node
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS: run by Node as is */
// A picture of the workbench as a user sees it, with this extension loaded (code-server harness):
//   npm run screenshot -- --file docs/x.png [--folder DIR] [--open FILE[:LINE[:COL]]]
//        [--command "Palette title"]... [--hover-diagnostic] [--panel] [--dashboard] [--api]
//        [--theme "Default Light Modern"] [--untrusted] [--size 1400x900] [--verbose]
// Opens the workbench on --folder (default: the folder of --open, else the repo), opens --open,
// runs each --command through the command palette, optionally hovers the first error squiggle,
// waits for what it asked for to be on screen, and writes the PNG. Run `npm run build` first.
// --panel waits for the response panel's webview to have rendered a run result (its content, in
// the webview's own frame) and painted it. --api serves the API the integrations in
// scripts/host/screenshots/ call (scripts/host/screenshots/api.js, 127.0.0.1:18787). --dashboard
// waits for the dashboard webview's cards (folder: scripts/host/screenshots/dashboard-folder.mjs). The README's
// panel pictures:
//   npm run screenshot -- --api --panel --size 1600x1000 --theme "Light Modern" \
//     --file docs/panel-success.png --open scripts/host/screenshots/customer-lookup.ion.yaml \
//     --command "View: Close Primary Side Bar" --command "Gateway Ion: Run Integration"
//   (docs/panel-failure.png: the same with customer-no-email.ion.yaml)
'use strict';
const fs = require('fs');
const path = require('path');
const { ROOT } = require('./lib/paths');
const { openSession } = require('./lib/session');
const { findBuiltinTheme } = require('./lib/themes');
const { startScreenshotApi } = require('./screenshots/api');
const { runCommand, waitForPanel } = require('./lib/workbench');

function parseArgs(argv) {
  const o = { commands: [] };
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m) throw new Error(`unexpected argument: ${argv[i]}`);
    const [, key, inline] = m;
    const boolean = ['hover-diagnostic', 'untrusted', 'verbose', 'panel', 'api', 'dashboard'].includes(key);
    const value = boolean ? 'true' : inline ?? argv[++i];
    if (value === undefined) throw new Error(`--${key} needs a value`);
    if (key === 'command') o.commands.push(value);
    else if (['file', 'folder', 'open', 'theme', 'size', 'hover-diagnostic', 'untrusted', 'verbose', 'panel', 'api', 'dashboard'].includes(key)) o[key] = value;
    else throw new Error(`unknown option --${key}`);
  }
  if (!o.file) throw new Error('--file OUT.png is required');
  return o;
}

/**
 * An Extension Development Host window does not take `workbench.colorTheme` from the settings, so
 * the theme is chosen the way a user does: the "Preferences: Color Theme" picker. Then we wait for
 * the workbench to carry the theme's CSS class.
 */
async function applyTheme(page, theme) {
  const active = page.locator(`.monaco-workbench.${theme.cssClass}`);
  if (await active.count()) return;
  await runCommand(page, 'Preferences: Color Theme', theme.label);
  await active.waitFor({ timeout: 60000 });
  console.log(`[screenshot] theme "${theme.label}"`);
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(path.join(ROOT, 'dist/extension.js'))) throw new Error('dist/extension.js is missing: run `npm run build` first');
  let open;
  let openAt;
  if (o.open) {
    const m = /^(.*?)(?::(\d+)(?::(\d+))?)?$/.exec(o.open);
    open = path.resolve(m[1]);
    if (!fs.existsSync(open)) throw new Error(`--open: no such file ${open}`);
    if (m[2]) openAt = { line: Number(m[2]), column: Number(m[3] || 1) };
  }
  const folder = path.resolve(o.folder || (open ? path.dirname(open) : ROOT));
  const [width, height] = (o.size || '1400x900').split('x').map(Number);
  const theme = findBuiltinTheme(o.theme || 'Dark Modern');
  if (!theme) throw new Error(`--theme: no built-in color theme "${o.theme}" (try "Dark Modern", "Light Modern", "Default High Contrast")`);
  const settings = { 'workbench.colorTheme': theme.id, 'workbench.secondarySideBar.defaultVisibility': 'hidden' };
  const api = o.api === 'true' ? await startScreenshotApi() : undefined;
  let done = false;
  const session = await openSession({
    trust: o.untrusted ? 'untrusted' : 'off',
    settings,
    devPaths: [ROOT],
    workspace: folder,
    openFile: open,
    openAt,
    verbose: o.verbose === 'true',
    viewport: { width, height },
    timeoutMs: 300000,
    onFinish: async (code, why) => {
      if (done) return;
      done = true;
      if (api) await api.close();
      console.log(`[screenshot] ${why} -> exit ${code}`);
      process.exit(code);
    },
  });
  const { page } = session;
  try {
    await stage(page, o, theme, Boolean(open));
  } catch (e) {
    // A picture of where it got stuck helps more than the selector that timed out.
    const failed = path.resolve(o.file).replace(/\.png$/i, '') + '.failed.png';
    await page.screenshot({ path: failed }).catch(() => {});
    console.error(`[screenshot] failed; the screen at that moment is in ${failed}`);
    await session.close();
    throw e;
  }
  fs.mkdirSync(path.dirname(path.resolve(o.file)), { recursive: true });
  await page.screenshot({ path: path.resolve(o.file) });
  console.log(`[screenshot] wrote ${o.file}`);
  await session.finish(0, 'done');
}

/** Gets the workbench into the state the picture should show. */
async function stage(page, o, theme, opened) {
  if (opened) {
    await page.locator('.editor-instance .view-lines').first().waitFor({ timeout: 60000 });
    // Our language is applied when the extension's contributions are in (status bar shows it).
    await page.locator('.statusbar-item', { hasText: 'Gateway Ion' }).first().waitFor({ timeout: 60000 })
      .catch(() => console.log('[screenshot] note: the status bar does not show the Gateway Ion language'));
  }
  await applyTheme(page, theme);
  // `--command "Title >> Pick"` also picks a row of the list the command opens.
  for (const c of o.commands) await runCommand(page, ...c.split(' >> '));
  if (o['hover-diagnostic']) {
    const squiggle = page.locator('.squiggly-error').first();
    await squiggle.waitFor({ timeout: 60000 });
    await squiggle.hover({ force: true });
    await page.locator('.monaco-hover').filter({ hasText: 'gateway-ion' }).first().waitFor({ state: 'visible', timeout: 30000 });
  }
  if (o.panel === 'true') {
    // The pointer rests where the palette row was clicked, over a toolbar: move it to the empty
    // end of the editor, so no tooltip covers the picture, and wait for any tooltip to go.
    const { width, height } = page.viewportSize();
    await page.mouse.move(Math.round(width * 0.2), Math.round(height * 0.93));
    await page.locator('.workbench-hover').first().waitFor({ state: 'hidden', timeout: 10000 });
    // The panel's own frame: rendered and painted (lib/workbench.js), not a guess of how long.
    const shown = await waitForPanel(page);
    console.log(`[screenshot] the panel shows ${shown.badge} ${shown.title}`);
  }
  if (o.dashboard === 'true') {
    // The dashboard's own frame (src/webview/dashboard): its cards rendered and painted.
    const { width, height } = page.viewportSize();
    await page.mouse.move(Math.round(width * 0.98), Math.round(height * 0.5));
    const content = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    const card = content.locator('section.card').first();
    await card.waitFor({ state: 'visible', timeout: 60000 });
    await card.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    console.log(`[screenshot] the dashboard shows ${await content.locator('section.card').count()} card(s)`);
  }
  // Let the last frame paint (animations of the hover and panels), then take the picture.
  await page.waitForTimeout(800);
}

main().catch((e) => {
  console.error(`[screenshot] failed: ${e && e.message ? e.message : e}`);
  process.exit(1);
});
