/**
 * axe-core in headless chromium (playwright-core, the browser scripts/host/setup.sh installs): loads
 * a page's HTML and returns axe's violations. `chromiumPath()` is undefined when no browser is
 * installed: callers skip with a clear message then.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[]; failureSummary?: string }>;
}

const CANDIDATES = [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function chromiumPath(): string | undefined {
  return CANDIDATES.find((p): p is string => typeof p === 'string' && p !== '' && existsSync(p));
}

export type Browser = Awaited<ReturnType<typeof import('playwright-core').chromium.launch>>;

/** Headless chromium (close it when done); one browser serves many pages. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('no chromium: install it with npm run host:setup or set CHROMIUM');
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath, args: ['--no-sandbox'] });
}

/** Axe's violations of `html` (WCAG 2.1 A/AA rules and best practices) once it has loaded, in a new page of `browser`. */
export async function axeViolations(html: string, browser: Browser): Promise<AxeViolation[]> {
  const axeSource = readFileSync(createRequire(__filename).resolve('axe-core/axe.min.js'), 'utf8');
  const page = await browser.newPage();
  try {
    // Nothing leaves the page: the HTML is self-contained.
    await page.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
    await page.setContent(html, { waitUntil: 'load' });
    await page.addScriptTag({ content: axeSource });
    const result = (await page.evaluate(async () => {
      const axe = (globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: unknown[] }> } }).axe;
      return axe.run((globalThis as unknown as { document: unknown }).document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    })) as { violations: AxeViolation[] };
    return result.violations;
  } finally {
    await page.close();
  }
}

/** The violations that fail a check: serious or critical. */
export const seriousOf = (v: AxeViolation[]): AxeViolation[] => v.filter((x) => x.impact === 'serious' || x.impact === 'critical');

export const describeViolations = (v: AxeViolation[]): string =>
  v.map((x) => `${x.impact} ${x.id}: ${x.help}\n  ${x.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} ${n.failureSummary ?? ''}`).join('\n  ')}`).join('\n');
