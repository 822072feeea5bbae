/**
 * The durable inbox of `ion serve` (docs/reference.md#ion-serve): `.ion/inbox/journal.jsonl`, one JSON
 * line per received event and one per finished event. An event is acknowledged (`202`) only after its
 * line is on disk (fdatasync); lines that arrive together share one sync (group commit). On start,
 * events without a `done` line are handed back to run once more, and the journal is compacted to
 * what still matters: unfinished events and the delivery ids seen in the last 24 hours.
 */
import { mkdir, open, readFile, rename, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { JsonValue } from '../model';

/** What the transform sees as `input.event`. */
export interface WebhookEvent {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Lower-cased names. */
  headers: Record<string, string>;
}

export interface InboxEvent {
  runId: string;
  integration: string;
  receivedAt: number;
  deliveryId?: string;
  /** The run's input (the parsed JSON body, or `{ body: TEXT }`). */
  input: Record<string, JsonValue>;
  /** The raw body as text (push-only integrations see it as `input.body`). */
  body: string;
  event: WebhookEvent;
}

type Line = { op: 'event'; ev: InboxEvent } | { op: 'done'; runId: string } | { op: 'seen'; key: string; at: number };

export const REPLAY_WINDOW_MS = 24 * 60 * 60 * 1000;

export class Inbox {
  private queue: Array<{ text: string; resolve(): void; reject(e: unknown): void }> = [];
  private flushing: Promise<void> | undefined;
  private readonly seenAt = new Map<string, number>();
  private readonly open = new Set<string>();

  private constructor(
    private readonly fh: FileHandle,
    private readonly now: () => number,
  ) {}

  /** Opens (or creates) the inbox in `dir`; returns the events received earlier and not finished. */
  static async open(dir: string, now: () => number): Promise<{ inbox: Inbox; unfinished: InboxEvent[] }> {
    await mkdir(dir, { recursive: true });
    const path = join(dir, 'journal.jsonl');
    let text = '';
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    const events = new Map<string, InboxEvent>();
    const seen = new Map<string, number>();
    for (const raw of text.split('\n')) {
      if (raw.trim() === '') continue;
      let line: Line;
      try {
        line = JSON.parse(raw) as Line;
      } catch {
        continue; // a torn last line: its event was never acknowledged
      }
      if (line.op === 'event') {
        events.set(line.ev.runId, line.ev);
        if (line.ev.deliveryId) seen.set(`${line.ev.integration}\u0000${line.ev.deliveryId}`, line.ev.receivedAt);
      } else if (line.op === 'done') events.delete(line.runId);
      else if (line.op === 'seen') seen.set(line.key, line.at);
    }
    const cutoff = now() - REPLAY_WINDOW_MS;
    const kept: string[] = [];
    for (const [key, at] of seen) if (at >= cutoff) kept.push(JSON.stringify({ op: 'seen', key, at } satisfies Line));
    for (const ev of events.values()) kept.push(JSON.stringify({ op: 'event', ev } satisfies Line));
    // Compact: write the new journal beside the old one, sync it, then rename over it.
    const tmp = `${path}.tmp`;
    const t = await open(tmp, 'w');
    try {
      await t.writeFile(kept.length > 0 ? `${kept.join('\n')}\n` : '');
      await t.datasync();
    } finally {
      await t.close();
    }
    await rename(tmp, path);
    const fh = await open(path, 'a');
    const inbox = new Inbox(fh, now);
    for (const [key, at] of seen) if (at >= cutoff) inbox.seenAt.set(key, at);
    for (const ev of events.values()) inbox.open.add(ev.runId);
    return { inbox, unfinished: [...events.values()] };
  }

  /** Events received and not finished. */
  get depth(): number {
    return this.open.size;
  }

  /** Whether `deliveryId` was received for `integration` in the last 24 hours. */
  seen(integration: string, deliveryId: string): boolean {
    const at = this.seenAt.get(`${integration}\u0000${deliveryId}`);
    return at !== undefined && at >= this.now() - REPLAY_WINDOW_MS;
  }

  /** Keeps the event; resolves once it is on disk. */
  async accept(ev: InboxEvent): Promise<void> {
    if (ev.deliveryId) this.seenAt.set(`${ev.integration}\u0000${ev.deliveryId}`, ev.receivedAt);
    this.open.add(ev.runId);
    try {
      await this.write(JSON.stringify({ op: 'event', ev } satisfies Line));
    } catch (e) {
      this.open.delete(ev.runId);
      if (ev.deliveryId) this.seenAt.delete(`${ev.integration}\u0000${ev.deliveryId}`);
      throw e;
    }
  }

  /** Marks the event finished (after its run is in the run log). */
  async done(runId: string): Promise<void> {
    this.open.delete(runId);
    await this.write(JSON.stringify({ op: 'done', runId } satisfies Line));
  }

  async close(): Promise<void> {
    while (this.flushing) await this.flushing;
    await this.fh.close();
  }

  private write(text: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ text, resolve, reject });
      if (!this.flushing) this.flushing = this.flush();
    });
  }

  /** Group commit: every line queued while the previous sync ran goes out in one write and one sync. */
  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      try {
        await this.fh.write(`${batch.map((b) => b.text).join('\n')}\n`);
        await this.fh.datasync();
        for (const b of batch) b.resolve();
      } catch (e) {
        for (const b of batch) b.reject(e);
      }
    }
    this.flushing = undefined;
  }
}
