// Driving the workbench page as a user does (command palette) and reading the response panel's
// webview, for scripts/host/screenshot.js and test/host/reload/.
'use strict';

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Clicks the list row whose label is exactly `label` (or, failing that, the first that contains it). */
async function chooseRow(widget, label) {
  const rows = widget.locator('.quick-input-list .monaco-list-row');
  await rows.filter({ hasText: label }).first().waitFor({ timeout: 30000 });
  const exact = rows.filter({ has: widget.page().locator('.label-name', { hasText: new RegExp(`^${escapeRe(label)}$`) }) });
  await ((await exact.count()) ? exact.first() : rows.filter({ hasText: label }).first()).click();
}

/** Runs a command by its palette title; `pick`, when given, is then chosen in the list it opens. */
async function runCommand(page, title, pick) {
  await page.keyboard.press('F1');
  const widget = page.locator('.quick-input-widget');
  await widget.locator('input').first().waitFor({ state: 'visible', timeout: 30000 });
  await page.keyboard.type(title);
  await chooseRow(widget, title);
  if (pick) {
    // The command opens its own list in the same widget.
    await widget.locator('.quick-input-list .monaco-list-row').first().waitFor({ timeout: 30000 });
    await page.keyboard.type(pick);
    await chooseRow(widget, pick);
  }
  await widget.waitFor({ state: 'hidden', timeout: 30000 });
  console.log(`[workbench] ran "${title}"${pick ? ` -> "${pick}"` : ''}`);
}

/**
 * Waits until the response panel shows a run result and returns what it shows. A webview is an
 * iframe (`iframe.webview`) whose document holds the content in a second iframe (`#active-frame`);
 * the workbench swaps that inner frame in when the content has loaded, and our script renders the
 * result only after its `ready` message was answered with the run (or from its saved state after
 * a reload). So: the result's header badge (OK or FAILED) in the active frame, then two animation
 * frames of that frame, after which it has been painted.
 */
async function waitForPanel(page, timeout = 60000) {
  const content = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
  const badge = content.locator('header .badge').first();
  await badge.waitFor({ state: 'visible', timeout });
  await badge.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  const title = await content.locator('header h1').first().textContent();
  const text = await content.locator('body').first().textContent();
  return { badge: (await badge.textContent()) || '', title: title || '', text: text || '' };
}

module.exports = { chooseRow, runCommand, waitForPanel };
