/**
 * The dashboard webview's rendering (src/webview/dashboard/render.ts) with a fixed report, in
 * headless chromium with the real stylesheet (media/dashboard.css) and the colours of VS Code's
 * Dark Modern, Light Modern and High Contrast themes: axe-core finds no serious or critical
 * violation (the axe helper test/unit/report/axe.ts shared with the HTML report's test), every
 * figure is there as text, each bar has its <title>.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { buildReport } from '../../../src/core/report';
import type { RunLogEntry } from '../../../src/core/result';
import type { DashboardState } from '../../../src/shared/dashboard-messages';
import { chromium, type Browser } from 'playwright-core';
import { axeViolations, chromiumPath, closeAxeBrowser, type AxeViolation } from '../report/axe';

const seriousOf = (v: AxeViolation[]): AxeViolation[] => v.filter((x) => x.impact === 'serious' || x.impact === 'critical');
const describeViolations = (v: AxeViolation[]): string =>
  v.map((x) => `${x.impact} ${x.id}: ${x.help}\n  ${x.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} ${n.failureSummary ?? ''}`).join('\n  ')}`).join('\n');

const ROOT = join(__dirname, '..', '..', '..');
const NOW = Date.UTC(2026, 5, 30, 12, 0, 0);
const DAY = 86_400_000;

/** Theme colours VS Code gives a webview (the ones the stylesheet uses), from its built-in themes. */
const THEMES: Record<string, Record<string, string>> = {
  dark: {
    foreground: '#cccccc', 'editor-background': '#1f1f1f', descriptionForeground: '#9d9d9d', 'textLink-foreground': '#4daafc',
    'textLink-activeForeground': '#4daafc', 'charts-green': '#89d185', 'charts-red': '#f14c4c', errorForeground: '#f85149',
    'panel-border': '#2b2b2b', 'sideBar-background': '#181818', 'editorWarning-foreground': '#cca700', 'inputValidation-warningBackground': '#352a05',
    focusBorder: '#0078d4', 'font-family': 'sans-serif', 'font-size': '13px', 'editor-font-family': 'monospace',
  },
  light: {
    foreground: '#3b3b3b', 'editor-background': '#ffffff', descriptionForeground: '#3b3b3b', 'textLink-foreground': '#005fb8',
    'textLink-activeForeground': '#005fb8', 'charts-green': '#388a34', 'charts-red': '#e51400', errorForeground: '#f85149',
    'panel-border': '#e5e5e5', 'sideBar-background': '#f8f8f8', 'editorWarning-foreground': '#bf8803', 'inputValidation-warningBackground': '#f6f5d2',
    focusBorder: '#005fb8', 'font-family': 'sans-serif', 'font-size': '13px', 'editor-font-family': 'monospace',
  },
  'high contrast': {
    foreground: '#ffffff', 'editor-background': '#000000', descriptionForeground: '#ffffff', 'textLink-foreground': '#21a6ff',
    'textLink-activeForeground': '#21a6ff', 'charts-green': '#89d185', 'charts-red': '#f48771', errorForeground: '#f48771',
    'contrastBorder': '#6fc3df', 'sideBar-background': '#000000', 'editorWarning-foreground': '#ffd370',
    focusBorder: '#f38518', 'font-family': 'sans-serif', 'font-size': '13px', 'editor-font-family': 'monospace',
  },
};

function log(): RunLogEntry[] {
  const out: RunLogEntry[] = [];
  const base = { file: '/w/orders.ion.yaml', trigger: 'schedule' as const, attempts: 1 };
  for (let d = 0; d < 20; d++) {
    for (let k = 0; k < 4; k++) {
      const failed = d < 3 && k === 3;
      out.push({ ...base, ts: new Date(NOW - d * DAY - k * 3_600_000).toISOString(), integration: 'orders', environment: 'prod', ok: !failed, status: failed ? 503 : 200, durationMs: 100 + k * 50 + d, errorCode: failed ? 'http_503' : null, runId: `r-${d}-${k}` });
    }
  }
  // Failing now: the three latest runs of `crm` failed.
  for (let i = 0; i < 5; i++) out.push({ ...base, file: '/w/crm.ion.yaml', trigger: 'webhook', ts: new Date(NOW - i * 600_000).toISOString(), integration: 'crm', environment: null, ok: i >= 3, status: i >= 3 ? 200 : 401, durationMs: 80, errorCode: i >= 3 ? null : 'http_401', runId: `c-${i}` });
  return out;
}

export function fixedState(): DashboardState {
  const report = buildReport(log(), { now: NOW, integrations: [{ integration: 'orders', file: '/w/orders.ion.yaml', missingSecrets: ['orders_token'] }] });
  return { seq: 1, report, files: 2 };
}

/** A self-contained page: the theme's variables, the dashboard stylesheet, and the renderer bundled with the state. */
export async function dashboardPage(theme: Record<string, string>, state: DashboardState, dark = true): Promise<string> {
  const entry = `import { renderDashboard } from ${JSON.stringify(join(ROOT, 'src/webview/dashboard/render.ts'))};
renderDashboard(document.getElementById('root'), ${JSON.stringify(state)}, { showRun() {}, openFile() {} });`;
  const built = await esbuild.build({ stdin: { contents: entry, resolveDir: ROOT, loader: 'ts' }, bundle: true, write: false, format: 'iife', platform: 'browser', target: 'es2022' });
  const vars = Object.entries(theme).map(([k, v]) => `--vscode-${k}: ${v};`).join(' ');
  const css = readFileSync(join(ROOT, 'media/dashboard.css'), 'utf8');
  return `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8"><title>Gateway Ion Dashboard</title>
<style>:root { ${vars} color-scheme: ${dark ? 'dark' : 'light'}; } ${css}</style></head>
<body><main id="root"></main><script>${built.outputFiles[0].text}</script></body></html>`;
}

describe('dashboard webview: axe-core, figures as text (headless chromium)', function () {
  this.timeout(120_000);
  let browser: Browser;
  before(async function () {
    if (!chromiumPath()) {
      console.warn('    (skipped: no chromium; npm run host:setup installs it, or set CHROMIUM)');
      this.skip();
    }
    browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'] });
  });
  after(async () => {
    await browser?.close();
    await closeAxeBrowser();
  });

  for (const [name, theme] of Object.entries(THEMES)) {
    it(`has no serious or critical axe violation in the ${name} theme`, async () => {
      const violations = await axeViolations(await dashboardPage(theme, fixedState(), name !== 'light'), name === 'light' ? 'light' : 'dark');
      const bad = seriousOf(violations ?? []);
      assert.equal(bad.length, 0, describeViolations(bad));
    });
  }

  it('shows every figure as text, Needs attention first, a <title> per bar', async () => {
    const state = fixedState();
    const orders = state.report.integrations.find((r) => r.integration === 'orders')!;
    assert.equal(orders.calls, 80);
    const page = await browser.newPage();
    try {
      await page.setContent(await dashboardPage(THEMES.dark, state));
      const text = (await page.textContent('#root')) ?? '';
      const firstSection = await page.$eval('#root > section', (s) => s.className);
      assert.equal(firstSection, 'attention');
      assert.match(text, /Needs attention/);
      assert.match(text, /crm: .*fail/i);
      assert.match(text, /orders_token/);
      const flat = text.replace(/\s+/g, '');
      for (const f of [`Calls${orders.calls}`, `Failures${orders.failures}`, `Errorrate${(orders.errorRate * 100).toFixed(1)}%`, `p95${orders.p95Ms}ms`]) assert.ok(flat.includes(f), f);
      const titles = await page.$$eval('svg.chart g.day title', (ts) => ts.map((t) => t.textContent));
      assert.equal(titles.length, state.report.integrations.reduce((n, r) => n + r.perDay.length, 0));
      assert.ok(titles.includes(`${orders.perDay.at(-1)!.day}: ${orders.perDay.at(-1)!.ok} succeeded, ${orders.perDay.at(-1)!.failed} failed`));
      // No inline style anywhere (the webview's CSP allows the stylesheet only).
      assert.equal(await page.$$eval('[style]', (n) => n.length), 0);
    } finally {
      await page.close();
    }
  });
});
