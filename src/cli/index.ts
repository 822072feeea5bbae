/** The built CLI's entry (dist/cli.js). Exits as soon as the work ends: no lingering sockets or timers. */
import { main } from './main';

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
