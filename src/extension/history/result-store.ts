/**
 * The editor's stored run results (README "In VS Code", Runs view): the last 20 full results of
 * each integration, kept in the extension's global storage so a past run reopens in the response
 * panel after a reload. One JSON file per integration (`results/<hash>.json`, newest last), written
 * to a temporary file and renamed over the old one, so a reader never sees half a file. The results
 * come in already masked (the engine's run log seam hands over the masked result); response bodies
 * are cut again here at 64KB (65,536 bytes of UTF-8) and an oversized output is not kept, so every
 * file stays bounded. Writes to one file are serialized in this process; the trigger host sends its
 * results here over IPC instead of writing itself. No `vscode` import (unit-tested).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunLogEntry, RunResult } from '../../core/result';

/** How many results each integration keeps (the oldest go first). */
export const RESULTS_KEPT = 20;
/** Response bodies (and an output's JSON) longer than this many UTF-8 bytes are cut. */
export const BODY_LIMIT = 64 * 1024;

export interface StoredRun {
  runId: string;
  /** The run log line of the run (it carries the same runId). */
  entry: RunLogEntry;
  result: RunResult;
}

interface StoreFile {
  version: 1;
  integration: string;
  file: string;
  runs: StoredRun[];
}

/** The longest prefix of `text` that is at most `limit` UTF-8 bytes, never splitting a character. */
export function cutUtf8(text: string, limit: number): { text: string; cut: boolean } {
  // Fast path: fewer UTF-16 units than limit/3 cannot exceed limit bytes.
  if (text.length * 3 <= limit || Buffer.byteLength(text, 'utf8') <= limit) return { text, cut: false };
  const bytes = Buffer.from(text, 'utf8');
  let end = limit;
  // Step back over continuation bytes (10xxxxxx) so the last character stays whole.
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
  return { text: bytes.subarray(0, end).toString('utf8'), cut: true };
}

/** `result` as it is kept: the response body cut at 64KB, an output over 64KB of JSON dropped (with a log line saying so). */
export function boundedResult(result: RunResult): RunResult {
  let out = result;
  if (result.response) {
    const { text, cut } = cutUtf8(result.response.body, BODY_LIMIT);
    if (cut) out = { ...out, response: { ...result.response, body: text, truncated: true } };
  }
  if (result.output !== null && result.output !== undefined) {
    const json = JSON.stringify(result.output);
    const size = Buffer.byteLength(json, 'utf8');
    if (size > BODY_LIMIT) out = { ...out, output: null, logs: [...out.logs, `(the output, ${size} bytes of JSON, is over 64KB and was not kept with this stored run)`] };
  }
  return out;
}

/** The file name of an integration's results: a hash of its name and file, so any name is a safe file name. */
export function storeKey(integration: string, file: string): string {
  return createHash('sha256').update(`${integration}\u0000${file}`).digest('hex').slice(0, 32);
}

function isStoreFile(v: unknown): v is StoreFile {
  if (!v || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  return o.version === 1 && typeof o.integration === 'string' && typeof o.file === 'string' && Array.isArray(o.runs);
}

export class ResultStore {
  /** The write in progress per key: the next one waits for it (read, add, rename). */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(readonly dir: string) {}

  private path(integration: string, file: string): string {
    return join(this.dir, `${storeKey(integration, file)}.json`);
  }

  private async read(integration: string, file: string): Promise<StoreFile> {
    try {
      const v: unknown = JSON.parse(await readFile(this.path(integration, file), 'utf8'));
      if (isStoreFile(v) && v.integration === integration && v.file === file) return v;
    } catch {
      // missing or unreadable: starts empty (a torn file cannot happen, writes are renames)
    }
    return { version: 1, integration, file, runs: [] };
  }

  /** Keeps `result` under `entry.runId` (ignored without one): the 20 newest per integration. */
  put(entry: RunLogEntry, result: RunResult): Promise<void> {
    const runId = entry.runId;
    if (!runId) return Promise.resolve();
    const key = storeKey(entry.integration, entry.file);
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(async () => {
        const data = await this.read(entry.integration, entry.file);
        data.runs = data.runs.filter((r) => r.runId !== runId);
        data.runs.push({ runId, entry, result: boundedResult(result) });
        if (data.runs.length > RESULTS_KEPT) data.runs.splice(0, data.runs.length - RESULTS_KEPT);
        await mkdir(this.dir, { recursive: true });
        const target = this.path(entry.integration, entry.file);
        const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
        try {
          await writeFile(temp, JSON.stringify(data));
          await rename(temp, target);
        } catch (e) {
          await unlink(temp).catch(() => undefined);
          throw e;
        }
      });
    this.queues.set(key, next);
    void next.finally(() => {
      if (this.queues.get(key) === next) this.queues.delete(key);
    });
    return next;
  }

  /** The stored runs of an integration, oldest first. */
  async list(integration: string, file: string): Promise<StoredRun[]> {
    await this.queues.get(storeKey(integration, file))?.catch(() => undefined);
    return (await this.read(integration, file)).runs;
  }

  /** The stored run `runId` of an integration, if it is still kept. */
  async get(integration: string, file: string, runId: string): Promise<StoredRun | undefined> {
    return (await this.list(integration, file)).find((r) => r.runId === runId);
  }
}
