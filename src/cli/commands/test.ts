/** `ion test`: placeholder until its issue lands. */
import type { CliIO } from '../io';

export async function testCommand(_argv: string[], io: CliIO): Promise<number> {
  io.err('ion test: not available in this build yet\n');
  return 2;
}
