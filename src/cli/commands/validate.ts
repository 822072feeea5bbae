/** `ion validate`: placeholder until its issue lands. */
import type { CliIO } from '../io';

export async function validateCommand(_argv: string[], io: CliIO): Promise<number> {
  io.err('ion validate: not available in this build yet\n');
  return 2;
}
