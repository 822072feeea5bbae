/** `ion run`: placeholder until its issue lands. */
import type { CliIO } from '../io';

export async function runCommand(_argv: string[], io: CliIO): Promise<number> {
  io.err('ion run: not available in this build yet\n');
  return 2;
}
