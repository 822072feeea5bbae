/**
 * Where cached responses live (README "Caching responses"): one file per entry in a folder
 * (`.ion/cache/` for the CLI, the extension's storage in the editor), written atomically with mode
 * 0600, bounded in size: past the bound the least recently used entries are deleted.
 * Files hold response bodies and response headers (masked), never a request header or a secret.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, readFile, readdir, rename, stat, unlink, utimes } from 'node:fs/promises';
import { join } from 'node:path';

export interface CacheStore {
  /** The bytes stored under `name`, or undefined. Marks the entry as recently used. */
  read(name: string): Promise<Buffer | undefined>;
  /** Stores `data` under `name` (atomically), then evicts past the size bound. */
  write(name: string, data: Buffer): Promise<void>;
  /** A random key made once per store (per install), for the HMAC of the secrets a request carries. */
  installKey(): Promise<Buffer>;
}

export interface FileCacheLimits {
  /** The whole folder's bound (default 50MB). */
  maxTotalBytes?: number;
  /** A larger entry is not stored (default 5MB). */
  maxEntryBytes?: number;
}

export const DEFAULT_CACHE_TOTAL_BYTES = 50 * 1024 * 1024;
export const DEFAULT_CACHE_ENTRY_BYTES = 5 * 1024 * 1024;
const NAME = /^[a-z0-9]+\.(entry|vary)$/;
const KEY_FILE = 'install.key';
const O_NOFOLLOW: number = constants.O_NOFOLLOW ?? 0;

export class FileCacheStore implements CacheStore {
  private key?: Promise<Buffer>;
  /** The folder's size as last counted plus what this store wrote since (undefined: not counted yet). */
  private approxTotal?: number;
  readonly maxTotalBytes: number;
  readonly maxEntryBytes: number;

  constructor(
    readonly dir: string,
    limits: FileCacheLimits = {},
  ) {
    this.maxTotalBytes = limits.maxTotalBytes ?? DEFAULT_CACHE_TOTAL_BYTES;
    this.maxEntryBytes = limits.maxEntryBytes ?? DEFAULT_CACHE_ENTRY_BYTES;
  }

  async read(name: string): Promise<Buffer | undefined> {
    if (!NAME.test(name)) return undefined;
    const path = join(this.dir, name);
    try {
      const data = await readFile(path, { flag: constants.O_RDONLY | O_NOFOLLOW });
      // Least recently used = oldest mtime: a read entry is touched (its `.vary` record need not be).
      if (name.endsWith('.entry')) {
        const now = new Date();
        await utimes(path, now, now).catch(() => undefined);
      }
      return data;
    } catch {
      return undefined;
    }
  }

  async write(name: string, data: Buffer): Promise<void> {
    if (!NAME.test(name) || data.length > this.maxEntryBytes) return;
    try {
      await writeAtomic600(join(this.dir, name), data);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      await this.ensureDir();
      await writeAtomic600(join(this.dir, name), data);
    }
    // Counting the folder costs a stat per entry: done once, then again only when what this store
    // wrote may have passed the bound (other processes' writes are counted at that recount).
    if (this.approxTotal === undefined || (this.approxTotal += data.length) > this.maxTotalBytes) await this.evict();
  }

  installKey(): Promise<Buffer> {
    return (this.key ??= this.loadKey().catch((e) => {
      this.key = undefined;
      throw e;
    }));
  }

  private async ensureDir(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
  }

  private async loadKey(): Promise<Buffer> {
    const path = join(this.dir, KEY_FILE);
    const existing = await readFile(path, { flag: constants.O_RDONLY | O_NOFOLLOW }).catch(() => undefined);
    if (existing && existing.length === 32) return existing;
    await this.ensureDir();
    const key = randomBytes(32);
    try {
      const h = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | O_NOFOLLOW, 0o600);
      try {
        await h.writeFile(key);
      } finally {
        await h.close();
      }
      return key;
    } catch (e) {
      // Another process made it first: use theirs.
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
        const theirs = await readFile(path);
        if (theirs.length === 32) return theirs;
      }
      throw e;
    }
  }

  /** Deletes the least recently used entries until the folder is within its bound. */
  private async evict(): Promise<void> {
    const names = (await readdir(this.dir).catch(() => [] as string[])).filter((n) => NAME.test(n));
    const files: Array<{ name: string; size: number; used: number }> = [];
    for (const name of names) {
      const st = await stat(join(this.dir, name)).catch(() => undefined);
      if (st?.isFile()) files.push({ name, size: st.size, used: st.mtimeMs });
    }
    let total = files.reduce((n, f) => n + f.size, 0);
    this.approxTotal = total;
    if (total <= this.maxTotalBytes) return;
    files.sort((a, b) => a.used - b.used);
    for (const f of files) {
      if (total <= this.maxTotalBytes) break;
      await unlink(join(this.dir, f.name)).catch(() => undefined);
      total -= f.size;
    }
    this.approxTotal = total;
  }
}

/**
 * Written to a temporary file in the same folder, then renamed: a reader never sees half. Created
 * with mode 0600 (a umask can only take bits away), so no other user can read it at any moment.
 */
async function writeAtomic600(path: string, data: Buffer): Promise<void> {
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const h = await open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | O_NOFOLLOW, 0o600);
    try {
      await h.writeFile(data);
    } finally {
      await h.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}
