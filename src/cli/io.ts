/** What a CLI command may touch, handed in so commands run in-process in tests. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  cwd: string;
  /** The process environment, merged with --env-file values. */
  env: Record<string, string | undefined>;
  /** Whether stdout is a terminal (colour, progress). */
  isTTY: boolean;
  /** The --env-file paths loaded (as given), for messages that say where a value lives. */
  envFiles?: string[];
}

export type Command = (argv: string[], io: CliIO) => Promise<number>;

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** `FILE:LINE:COL: code: message` and its hint, for an error the engine raised at a place in the file. */
export function ionErrorText(file: string, e: { code: string; message: string; hint: string; offset?: number }, position: (offset: number) => { line: number; column: number }): string {
  const at = e.offset !== undefined ? `:${position(e.offset).line}:${position(e.offset).column}` : '';
  return `${file}${at}: ${e.code}: ${e.message}\n  hint: ${e.hint}\n`;
}
