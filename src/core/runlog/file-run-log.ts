/**
 * The run log (docs/reference.md#the-run-log): one JSON line per run, appended, never rewritten. Each line
 * goes out in one `write` on a descriptor opened with O_APPEND, so concurrent writers (two
 * `ion run`s, the extension and the CLI) never interleave inside a line.
 */
import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { RunLogEntry } from '../result';

export interface RunLog {
  append(entry: RunLogEntry): Promise<void>;
}

/** The line for `entry`, fields in the documented order, newline included. */
export function formatRunLogLine(entry: RunLogEntry): string {
  const line = {
    ts: entry.ts,
    integration: entry.integration,
    file: entry.file,
    environment: entry.environment,
    trigger: entry.trigger,
    ok: entry.ok,
    status: entry.status,
    attempts: entry.attempts,
    durationMs: entry.durationMs,
    errorCode: entry.errorCode,
    // Added by `ion serve`; absent from other lines, so older readers see the same shape.
    ...(entry.runId !== undefined ? { runId: entry.runId } : {}),
    ...(entry.skipped ? { skipped: true } : {}),
  };
  return `${JSON.stringify(line)}\n`;
}

export class FileRunLog implements RunLog {
  private folderReady: Promise<unknown> | undefined;

  constructor(readonly path: string) {}

  async append(entry: RunLogEntry): Promise<void> {
    this.folderReady ??= mkdir(dirname(this.path), { recursive: true }).catch((e) => {
      this.folderReady = undefined;
      throw e;
    });
    await this.folderReady;
    const fh = await open(this.path, 'a+');
    try {
      // A crash may have left a torn last line without its newline: start ours on a fresh line
      // so only the torn one is lost (readers skip it), never ours too.
      const { size } = await fh.stat();
      let text = formatRunLogLine(entry);
      if (size > 0) {
        const last = Buffer.alloc(1);
        await fh.read(last, 0, 1, size - 1);
        if (last[0] !== 0x0a) text = `\n${text}`;
      }
      const data = Buffer.from(text, 'utf8');
      let written = 0;
      while (written < data.length) {
        // Regular files take the whole buffer in one write; the loop only guards short writes.
        const { bytesWritten } = await fh.write(data, written, data.length - written, null);
        written += bytesWritten;
      }
    } finally {
      await fh.close();
    }
  }
}
