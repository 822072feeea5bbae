/**
 * Runs one folder of built host tests (`*.test.js`) with mocha 11 inside the extension host.
 * Prints the spec output and the counts, writes the totals to `resultsFile` (read by
 * scripts/test.mjs), and rejects on any failure so the host exits non-zero.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const CountsReporter = require('../reporters/counts.js');

/**
 * The folder's `*.test.js` files in path order, except that those under a `last/` folder run
 * after all others: they may leave the host changed (e.g. the extension deactivated).
 */
export function findTests(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const isLast = (f: string): boolean => f.split(path.sep).includes('last');
  const files = (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.test.js')).sort();
  return [...files.filter((f) => !isLast(f)), ...files.filter(isLast)].map((f) => path.join(dir, f));
}

export function runSuite(name: string, testsDir: string, resultsFile: string): Promise<void> {
  fs.rmSync(resultsFile, { force: true });
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    // Generous: 2 cores, a real workbench in a headless browser.
    timeout: 60000,
    reporter: CountsReporter,
    reporterOptions: { countsFile: resultsFile },
    // For development: ION_HOST_GREP=pattern runs only the matching tests.
    grep: process.env.ION_HOST_GREP || undefined,
  });
  const files = findTests(testsDir);
  for (const f of files) mocha.addFile(f);
  return new Promise((resolve, reject) => {
    if (files.length === 0) {
      reject(new Error(`no host tests found in ${testsDir}`));
      return;
    }
    try {
      const runner = mocha.run((failures) => {
        const s = runner.stats;
        console.log(`host ${name} totals: passed ${s?.passes ?? 0}, failed ${s?.failures ?? 0}, skipped ${s?.pending ?? 0}`);
        if (failures > 0) reject(new Error(`${failures} host test(s) failed`));
        else resolve();
      });
    } catch (e) {
      reject(e);
    }
  });
}
