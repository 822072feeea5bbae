/** Reading the run log back: malformed lines (a torn last line after a crash) are skipped and counted. */
import { constants, createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { parseJsonObject } from '../json';
import type { RunLogEntry } from '../result';
import { RUN_LOG_KEEP, rotatedRunLogPath } from './file-run-log';

export interface RunLogRead {
  entries: RunLogEntry[];
  /** Lines that were not a whole, well-formed entry. */
  skipped: number;
  /** Log files not read: a symbolic link, a FIFO, a device or a folder where a log file should be. */
  refused?: string[];
}

const O_NOFOLLOW: number = constants.O_NOFOLLOW ?? 0;
const O_NONBLOCK: number = constants.O_NONBLOCK ?? 0;

const TRIGGERS = new Set(['manual', 'schedule', 'webhook']);

function isNullableString(v: unknown): v is string | null {
  return v === null || typeof v === 'string';
}

/** The engine writes `toISOString()` stamps; anything else must at least parse as a date. */
function validTs(ts: string): boolean {
  if (ts.length === 24 && ts.charCodeAt(23) === 90 && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(ts)) return true;
  return Number.isFinite(Date.parse(ts));
}

/** The entry on `line`, or undefined when the line is not one. */
export function parseRunLogLine(line: string): RunLogEntry | undefined {
  const e = parseJsonObject(line);
  if (!e) return undefined;
  if (typeof e.ts !== 'string' || !validTs(e.ts)) return undefined;
  if (typeof e.integration !== 'string' || typeof e.file !== 'string') return undefined;
  if (!isNullableString(e.environment) || !isNullableString(e.errorCode)) return undefined;
  if (typeof e.trigger !== 'string' || !TRIGGERS.has(e.trigger)) return undefined;
  if (typeof e.ok !== 'boolean') return undefined;
  if (e.status !== null && typeof e.status !== 'number') return undefined;
  if (typeof e.attempts !== 'number' || typeof e.durationMs !== 'number' || !Number.isFinite(e.durationMs)) return undefined;
  if (e.runId !== undefined && typeof e.runId !== 'string') return undefined;
  const entry: RunLogEntry = {
    ts: e.ts,
    integration: e.integration,
    file: e.file,
    environment: e.environment,
    trigger: e.trigger as RunLogEntry['trigger'],
    ok: e.ok,
    status: e.status as number | null,
    attempts: e.attempts,
    durationMs: e.durationMs,
    errorCode: e.errorCode,
  };
  if (typeof e.runId === 'string') entry.runId = e.runId;
  if (e.skipped === true) entry.skipped = true;
  const dep = e.deprecation;
  if (dep !== null && typeof dep === 'object' && !Array.isArray(dep) && typeof (dep as Record<string, unknown>).message === 'string') {
    const d = dep as Record<string, unknown>;
    entry.deprecation = { message: d.message as string, ...(typeof d.date === 'string' ? { date: d.date } : {}) };
  }
  return entry;
}

class Collector {
  readonly result: RunLogRead = { entries: [], skipped: 0 };
  line(raw: string): void {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    const entry = parseRunLogLine(line);
    if (entry) this.result.entries.push(entry);
    else this.result.skipped++;
  }
}

export function readRunLog(text: string): RunLogRead {
  const c = new Collector();
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) {
      c.line(text.slice(start));
      break;
    }
    c.line(text.slice(start, nl));
    start = nl + 1;
  }
  return c.result;
}

/** Streams the file (no whole-file string); a missing file is an empty log. */
export async function readRunLogFile(path: string): Promise<RunLogRead> {
  try {
    return await readRunLogStream(createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 }));
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return { entries: [], skipped: 0 };
    throw e;
  }
}

async function readRunLogStream(stream: AsyncIterable<string | Buffer>): Promise<RunLogRead> {
  const c = new Collector();
  let rest = '';
  for await (const chunk of stream as AsyncIterable<string>) {
    const text = rest + chunk;
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      c.line(text.slice(start, nl));
      start = nl + 1;
    }
    rest = text.slice(start);
  }
  c.line(rest);
  return c.result;
}

export interface ReadRunLogAllOptions {
  /** Rotated files to look for (default 5: `runs.5.jsonl` … `runs.1.jsonl`). */
  keep?: number;
}

/**
 * The whole log across rotation (docs/reference.md#the-run-log): `runs.5.jsonl` … `runs.1.jsonl`,
 * then `runs.jsonl`, oldest first, as one log. Missing files are empty; each file's torn last line
 * is skipped and counted.
 */
export async function readRunLogAll(path: string, options: ReadRunLogAllOptions = {}): Promise<RunLogRead> {
  const keep = Math.max(0, options.keep ?? RUN_LOG_KEEP);
  const paths: string[] = [];
  for (let n = keep; n >= 1; n--) paths.push(rotatedRunLogPath(path, n));
  paths.push(path);
  const out: RunLogRead = { entries: [], skipped: 0 };
  // One file at a time: at most one file's text in memory.
  for (const p of paths) {
    const part = await readRunLogWhole(p);
    out.skipped += part.skipped;
    if (part.refused) (out.refused ??= []).push(...part.refused);
    for (const e of part.entries) out.entries.push(e);
  }
  return out;
}

/** Files up to this are read in one piece (a rotated file is at most 50MB); larger ones are streamed. */
const WHOLE_FILE_MAX = 64 * 1024 * 1024;

/** One read and one scan of the text: about a quarter less CPU than streaming for a log file. */
async function readRunLogWhole(path: string): Promise<RunLogRead> {
  // Only a regular file is read, never through a link (a rotated file linked to /dev/zero or to a
  // FIFO would never end): what was opened is what is checked and read.
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ENOENT') return { entries: [], skipped: 0 };
    if (code === 'ELOOP' || code === 'EMLINK') return { entries: [], skipped: 0, refused: [path] };
    throw e;
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) return { entries: [], skipped: 0, refused: [path] };
    if (st.size > WHOLE_FILE_MAX) return await readRunLogStream(handle.createReadStream({ encoding: 'utf8', highWaterMark: 1 << 20, autoClose: false }));
    return readRunLog(await handle.readFile('utf8'));
  } finally {
    await handle.close();
  }
}
