/** Running the CLI in-process in tests: a CliIO that keeps what the command printed. */
import type { CliIO } from '../../src/cli/io';

export function fakeIO(cwd: string, env: Record<string, string> = {}): CliIO & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    cwd,
    env: { ...env } as Record<string, string | undefined>,
    isTTY: false,
    out(t: string) {
      io.stdout += t;
    },
    err(t: string) {
      io.stderr += t;
    },
  };
  return io;
}

/**
 * main() loads commands with import(); under mocha's tsx/cjs hook that needs tsx's ESM hook too (a
 * no-op when the runner already loaded it with --import tsx). Call in a `before` hook.
 */
export async function loadTsxEsm(): Promise<void> {
  const hook = 'tsx/esm';
  await import(hook);
}
