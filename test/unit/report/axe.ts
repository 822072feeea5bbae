/**
 * axe-core on an HTML page in headless chromium (playwright-core, the chromium scripts/host/setup.sh
 * installs). Shared by the HTML report's and the dashboard's accessibility tests. `undefined` when
 * no chromium is installed (the caller skips with a message).
 */
import { existsSync, readFileSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CANDIDATES = [process.env.ION_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function chromiumPath(): string | undefined {
  return CANDIDATES.find((p): p is string => typeof p === 'string' && p !== '' && existsSync(p));
}

export interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  nodes: Array<{ target: string[]; failureSummary?: string }>;
}

let browser: Promise<Browser> | undefined;

function launch(path: string): Promise<Browser> {
  browser ??= chromium.launch({
    executablePath: path,
    headless: true,
    // Nothing leaves loopback: every host name resolves nowhere.
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking', '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1'],
  });
  return browser;
}

export async function closeAxeBrowser(): Promise<void> {
  const b = browser;
  browser = undefined;
  if (b) await (await b).close();
}

/** Runs axe-core (WCAG 2 A/AA rules and best practices) on `html` in the given color scheme. */
export async function axeViolations(html: string, colorScheme: 'light' | 'dark' = 'light', screenshot?: string): Promise<AxeViolation[] | undefined> {
  const path = chromiumPath();
  if (!path) return undefined;
  const b = await launch(path);
  // The page's own CSP forbids scripts: axe is injected by the harness, past the CSP.
  const context = await b.newContext({ bypassCSP: true, colorScheme, viewport: { width: 1100, height: 900 } });
  try {
    const page = await context.newPage();
    const external: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith('data:') && r.url() !== 'about:blank') external.push(r.url());
    });
    await page.setContent(html, { waitUntil: 'load' });
    if (external.length > 0) throw new Error(`the page requested ${external.join(', ')}`);
    if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
    await page.addScriptTag({ content: readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8') });
    return (await page.evaluate(async () => {
      const axe = (globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: unknown[] }> } }).axe;
      const r = await axe.run((globalThis as unknown as { document: unknown }).document, { resultTypes: ['violations'] });
      return r.violations;
    })) as AxeViolation[];
  } finally {
    await context.close();
  }
}
