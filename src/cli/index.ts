/** The built CLI's entry (dist/cli.js). Exits as soon as the work ends: no lingering sockets or timers. */
import * as nodeModule from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { main, isOneShot } from './main';

// Node 22.1+ can keep V8's compiled code of the bundles between runs (in the OS temp folder, or
// NODE_COMPILE_CACHE; NODE_DISABLE_COMPILE_CACHE=1 turns it off). Enabled before the command's
// bundle is required, so a cold `ion run` skips most of its compile. Node 20 has no such API.
try {
  (nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
} catch {
  // An unwritable cache folder only costs speed.
}

// A one-shot command (`ion run`, `validate`, `curl`) compiles undici's WebAssembly HTTP parser with
// V8's baseline compiler only: otherwise the process waits at exit for the optimising compile of a
// parser it has already stopped using (README, "Performance"). Transforms' QuickJS loses little.
// Set before the command's bundle loads undici; `ion serve` and `ion test` keep the optimised code.
if (isOneShot(process.argv.slice(2))) setFlagsFromString('--liftoff-only');

const io = {
  out: (s: string) => process.stdout.write(s),
  err: (s: string) => process.stderr.write(s),
  cwd: process.cwd(),
  env: { ...process.env },
  isTTY: Boolean(process.stdout.isTTY),
};

main(process.argv.slice(2), io).then(
  (code) => {
    // Flush stdout before exiting (a pipe may be slower than us), then exit so no keep-alive socket holds the process.
    process.stdout.write('', () => process.exit(code));
  },
  (e: unknown) => {
    process.stderr.write(`ion: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
