import { strict as assert } from 'node:assert';
import { isOneShot } from '../../../src/cli/main';

// dist/cli.js runs V8 with --liftoff-only for these commands only (src/cli/index.ts): a one-shot
// process should not wait at exit for the optimising compile of undici's WebAssembly parser, while
// `ion serve` (long-running) and `ion test` (thousands of requests) keep the optimised code.
describe('CLI: which commands are one-shot', () => {
  it('run, validate and curl are; serve, test, help and unknown commands are not', () => {
    for (const argv of [['run', 'a.ion.yaml'], ['validate', 'x'], ['curl', 'f'], ['--env-file', '.env', 'run', 'f'], ['--env-file=.env', 'validate', 'f']]) assert.equal(isOneShot(argv), true, argv.join(' '));
    for (const argv of [['serve'], ['test'], ['--env-file', 'run', 'serve'], ['--env-file', '.env', 'serve'], [], ['--help'], ['runner'], ['serve', 'run']]) assert.equal(isOneShot(argv), false, argv.join(' '));
  });
});
