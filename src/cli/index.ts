/** The built CLI's entry (dist/cli.js). Exits as soon as the work ends: no lingering sockets or timers. */
import * as nodeModule from 'node:module';
import { main } from './main';

// Node 22.1+ can keep V8's compiled code of the bundles between runs (in the OS temp folder, or
// NODE_COMPILE_CACHE; NODE_DISABLE_COMPILE_CACHE=1 turns it off). Enabled before the command's
// bundle is required, so a cold `ion run` skips most of its compile. Node 20 has no such API.
try {
  (nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
} catch {
  // An unwritable cache folder only costs speed.
}

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
