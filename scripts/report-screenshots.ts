/**
 * `npx tsx scripts/report-screenshots.ts`: renders the `ion report --html` page of a sample log
 * (three integrations, 30 days, one failing, one with a deprecation and a missing secret) in headless
 * chromium, light and dark, to docs/report-light.png and docs/report-dark.png (README "Run history
 * and reports"). Needs the chromium of scripts/host/setup.sh (or ION_CHROMIUM).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { RunLogEntry } from '../src/core/result';
import { buildReport, renderReportHtml } from '../src/core/report';

const ROOT = join(__dirname, '..');
const NOW = Date.UTC(2026, 11, 3, 17, 0, 0);

function sampleLog(): RunLogEntry[] {
  const out: RunLogEntry[] = [];
  const base = { file: 'x.ion.yaml', attempts: 1 } as const;
  for (let h = 30 * 24; h >= 0; h--) {
    const ts = new Date(NOW - h * 3_600_000).toISOString();
    const day = Math.floor(h / 24);
    const ordersFail = h % 17 === 0 || (day < 1 && h % 3 === 0) || h < 3;
    out.push({ ...base, ts, integration: 'orders-sync', environment: 'prod', trigger: 'schedule', ok: !ordersFail, status: ordersFail ? 503 : 200, durationMs: 180 + ((h * 37) % 220) + (day < 7 ? 160 : 0), errorCode: ordersFail ? 'server_error' : null });
    if (h % 2 === 0) {
      const fail = h % 46 === 0;
      out.push({ ...base, ts, integration: 'crm-contacts', environment: 'eu', trigger: 'webhook', ok: !fail, status: fail ? 429 : 200, durationMs: 90 + ((h * 13) % 60), errorCode: fail ? 'rate_limited' : null, ...(h === 4 ? { deprecation: { date: '2027-03-31T00:00:00.000Z', message: 'Sunset: Wed, 31 Mar 2027 00:00:00 GMT' } } : {}) });
    }
    if (h % 24 === 6) out.push({ ...base, ts, integration: 'weather-daily', environment: 'dev', trigger: 'schedule', ok: true, status: 200, durationMs: 420 + (h % 90), errorCode: null });
  }
  return out;
}

async function main(): Promise<void> {
  const exe = [process.env.ION_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p));
  if (!exe) throw new Error('no chromium: run scripts/host/setup.sh or set ION_CHROMIUM');
  const report = buildReport(sampleLog(), { now: NOW, integrations: [{ integration: 'crm-contacts', missingSecrets: ['crm_token'] }] });
  const html = renderReportHtml(report);
  const browser = await chromium.launch({ executablePath: exe, headless: true, args: ['--no-sandbox', '--disable-gpu', '--host-resolver-rules=MAP * ~NOTFOUND'] });
  try {
    for (const scheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ colorScheme: scheme, viewport: { width: 1100, height: 900 }, deviceScaleFactor: 1 });
      const page = await context.newPage();
      await page.setContent(html, { waitUntil: 'load' });
      const file = join(ROOT, 'docs', `report-${scheme}.png`);
      await page.screenshot({ path: file, clip: { x: 0, y: 0, width: 1100, height: 900 } });
      await context.close();
      console.log(`wrote ${file}`);
    }
  } finally {
    await browser.close();
  }
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
