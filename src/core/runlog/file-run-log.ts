/**
 * The run log (docs/reference.md#the-run-log): one JSON line per run, appended, never rewritten. Each line
 * goes out in one `write` on a descriptor opened with O_APPEND, so concurrent writers (two
 * `ion run`s, the extension and the CLI) never interleave inside a line.
 *
 * Rotation (docs/reference.md#the-run-log): when a line would take `runs.jsonl` past 50MB, the file
 * is renamed to `runs.1.jsonl` (`runs.1` → `runs.2` …, 5 kept, the oldest dropped) and a new
 * `runs.jsonl` starts. Only one process rotates at a time (an O_EXCL lock file next to the log);
 * a rename never copies or rewrites a line, and an appender that opened the file just before a
 * rotation sees that its descriptor no longer names `runs.jsonl` and opens the new one.
 */
import { mkdir, open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import type { RunLogEntry } from '../result';

/** Rotate when a line would take the log past this (50MB, binary). */
export const RUN_LOG_MAX_BYTES = 50 * 1024 * 1024;
/** Rotated files kept (`runs.1.jsonl` … `runs.5.jsonl`). */
export const RUN_LOG_KEEP = 5;
/** A rotation lock older than this was left by a crashed process and is taken over. */
const STALE_LOCK_MS = 30_000;
/** Opens of the log per append before writing whatever the file's size (a rotation that never ends). */
const MAX_ATTEMPTS = 200;

export interface FileRunLogOptions {
  /** Default RUN_LOG_MAX_BYTES (tests use a small size). */
  maxBytes?: number;
  /** Default RUN_LOG_KEEP. */
  keep?: number;
}

/** `runs.jsonl` → `runs.N.jsonl` (a name without `.jsonl`: `NAME.N`). */
export function rotatedRunLogPath(path: string, n: number): string {
  const name = basename(path);
  const rotated = name.endsWith('.jsonl') ? `${name.slice(0, -'.jsonl'.length)}.${n}.jsonl` : `${name}.${n}`;
  return join(dirname(path), rotated);
}

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
    ...(entry.deprecation !== undefined ? { deprecation: entry.deprecation } : {}),
  };
  return `${JSON.stringify(line)}\n`;
}

export class FileRunLog implements RunLog {
  private folderReady: Promise<unknown> | undefined;
  private readonly maxBytes: number;
  private readonly keep: number;

  constructor(
    readonly path: string,
    options: FileRunLogOptions = {},
  ) {
    this.maxBytes = Math.max(1, options.maxBytes ?? RUN_LOG_MAX_BYTES);
    this.keep = Math.max(1, options.keep ?? RUN_LOG_KEEP);
  }

  async append(entry: RunLogEntry): Promise<void> {
    this.folderReady ??= mkdir(dirname(this.path), { recursive: true }).catch((e) => {
      this.folderReady = undefined;
      throw e;
    });
    await this.folderReady;
    const line = formatRunLogLine(entry);
    const lineBytes = Buffer.byteLength(line, 'utf8') + 1;
    for (let attempt = 0; ; attempt++) {
      const fh = await open(this.path, 'a+');
      let rotate = false;
      try {
        const st = await fh.stat();
        if (attempt < MAX_ATTEMPTS && st.size > 0 && st.size + lineBytes > this.maxBytes) {
          rotate = true;
        } else if (attempt < MAX_ATTEMPTS && !(await this.stillCurrent(st.ino))) {
          // Another process rotated between our open and now: write into the new file.
          continue;
        } else {
          await writeLine(fh, st.size, line);
          return;
        }
      } finally {
        await fh.close();
      }
      if (rotate) await this.rotate(lineBytes);
    }
  }

  private async stillCurrent(ino: number): Promise<boolean> {
    try {
      return (await stat(this.path)).ino === ino;
    } catch {
      return false;
    }
  }

  /** Renames the chain under the lock; a process that finds the lock taken lets its owner rotate. */
  private async rotate(lineBytes: number): Promise<void> {
    const lock = `${this.path}.rotate.lock`;
    let lockHandle: FileHandle;
    try {
      lockHandle = await open(lock, 'wx');
    } catch (e) {
      if ((e as { code?: string }).code !== 'EEXIST') throw e;
      try {
        const st = await stat(lock);
        if (Date.now() - st.mtimeMs > STALE_LOCK_MS) {
          // Left by a crashed process (a rotation takes milliseconds). Removing it is best effort:
          // two processes that both find the same stale lock at the same moment could both go on.
          await rm(lock, { force: true });
        }
      } catch {
        // gone meanwhile
      }
      await new Promise((r) => setTimeout(r, 5));
      return;
    }
    try {
      // Another process may have rotated between our size check and the lock.
      let size = 0;
      try {
        size = (await stat(this.path)).size;
      } catch {
        return;
      }
      if (size === 0 || size + lineBytes <= this.maxBytes) return;
      await rm(rotatedRunLogPath(this.path, this.keep), { force: true });
      for (let n = this.keep - 1; n >= 1; n--) {
        try {
          await rename(rotatedRunLogPath(this.path, n), rotatedRunLogPath(this.path, n + 1));
        } catch (e) {
          if ((e as { code?: string }).code !== 'ENOENT') throw e;
        }
      }
      await rename(this.path, rotatedRunLogPath(this.path, 1));
    } finally {
      await lockHandle.close();
      await rm(lock, { force: true });
    }
  }
}

async function writeLine(fh: FileHandle, size: number, line: string): Promise<void> {
  // A crash may have left a torn last line without its newline: start ours on a fresh line
  // so only the torn one is lost (readers skip it), never ours too.
  let text = line;
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
}
