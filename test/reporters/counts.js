/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS: loaded by Node, mocha and @vscode/test-electron as is */
// Mocha reporter: the usual `spec` output, plus the totals written as JSON for scripts/test.mjs.
//   mocha --reporter ./test/reporters/counts.js --reporter-option countsFile=FILE
// (or ION_COUNTS_FILE=FILE). The file holds { passed, failed, skipped, total }; it is written when the
// run ends, so a run that never ends leaves no file (and the caller counts that as a failure).
'use strict';
const fs = require('fs');
const path = require('path');
const Mocha = require('mocha');

const { Spec } = Mocha.reporters;
const { EVENT_RUN_END } = Mocha.Runner.constants;

class CountsReporter extends Spec {
  constructor(runner, options = {}) {
    super(runner, options);
    const file = (options.reporterOptions && options.reporterOptions.countsFile) || process.env.ION_COUNTS_FILE;
    runner.once(EVENT_RUN_END, () => {
      const s = runner.stats || {};
      const counts = {
        passed: s.passes || 0,
        failed: s.failures || 0,
        skipped: s.pending || 0,
        total: (s.passes || 0) + (s.failures || 0) + (s.pending || 0),
      };
      if (!file) return;
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify(counts) + '\n');
    });
  }
}

module.exports = CountsReporter;
