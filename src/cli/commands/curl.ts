/** `ion curl`: placeholder until its issue lands. */
import type { CliIO } from '../io';

export async function curlCommand(_argv: string[], io: CliIO): Promise<number> {
  io.err('ion curl: not available in this build yet\n');
  return 2;
}
