/**
 * Where cached responses live (README "Caching responses"): one file per entry in a folder
 * (`.ion/cache/` for the CLI, the extension's storage in the editor), written atomically with mode
 * 0600, bounded in size: past the bound the least recently used entries are deleted.
 * Files hold response bodies and response headers (masked), never a request header or a secret.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, mkdir, open, readdir, rename, stat, unlink, utimes } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';

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
  /**
   * A folder the cache folder is inside (the CLI's working folder): no component from there down
   * may be a symbolic link, so a `.ion` or `.ion/cache` link checked into a repository is never
   * read or written through. Without it, only the cache folder itself is checked.
   */
  root?: string;
}

export const DEFAULT_CACHE_TOTAL_BYTES = 50 * 1024 * 1024;
export const DEFAULT_CACHE_ENTRY_BYTES = 5 * 1024 * 1024;
const NAME = /^[a-z0-9]+\.(entry|vary)$/;
const KEY_FILE = 'install.key';
const O_NOFOLLOW: number = constants.O_NOFOLLOW ?? 0;
/** A FIFO planted under an entry's name must not stall the read waiting for a writer. */
const O_NONBLOCK: number = constants.O_NONBLOCK ?? 0;
/** An entry file holds a stored body (at most `maxEntryBytes`) after a line of metadata. */
const ENTRY_OVERHEAD_BYTES = 256 * 1024;

/** Thrown when the cache folder (or a folder above it, up to `root`) is a link: the run goes on without the cache. */
export class CacheFolderError extends Error {}

/**
 * Reads a regular file, never through a link at its last component, never a FIFO or a device, and
 * undefined when it is larger than `maxBytes` (nothing is allocated for it).
 */
async function readRegular(path: string, maxBytes: number): Promise<Buffer | undefined> {
  const h = await open(path, constants.O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  try {
    const st = await h.stat();
    if (!st.isFile() || st.size > maxBytes) return undefined;
    return await h.readFile();
  } finally {
    await h.close();
  }
}
export class FileCacheStore implements CacheStore {
  private key?: Promise<Buffer>;
  /** The folder's size as last counted plus what this store wrote since (undefined: not counted yet). */
  private approxTotal?: number;
  readonly maxTotalBytes: number;
  readonly maxEntryBytes: number;
  private readonly root?: string;

  constructor(
    readonly dir: string,
    limits: FileCacheLimits = {},
  ) {
    this.maxTotalBytes = limits.maxTotalBytes ?? DEFAULT_CACHE_TOTAL_BYTES;
    this.maxEntryBytes = limits.maxEntryBytes ?? DEFAULT_CACHE_ENTRY_BYTES;
    this.root = limits.root;
  }

  /**
   * Throws CacheFolderError when the cache folder, or any folder between `root` and it, is a
   * symbolic link (or not a folder); a folder that does not exist yet is fine (it is created as one).
   */
  private async checkFolder(): Promise<void> {
    const dir = resolve(this.dir);
    const rel = this.root === undefined ? '' : relative(resolve(this.root), dir);
    const inside = rel !== '' && !isAbsolute(rel) && !rel.split(sep).includes('..');
    const paths: string[] = [];
    if (inside) {
      let cur = resolve(this.root!);
      for (const part of rel.split(sep)) paths.push((cur = join(cur, part)));
    } else paths.push(dir);
    for (const p of paths) {
      const st = await lstat(p).catch((e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT') return undefined;
        throw e;
      });
      if (!st) return;
      if (st.isSymbolicLink() || !st.isDirectory()) throw new CacheFolderError(`${p} is ${st.isSymbolicLink() ? 'a symbolic link' : 'not a folder'}: the cache is not used through it`);
    }
  }

  async read(name: string): Promise<Buffer | undefined> {
    if (!NAME.test(name)) return undefined;
    await this.checkFolder();
    const path = join(this.dir, name);
    try {
      const data = await readRegular(path, this.maxEntryBytes + ENTRY_OVERHEAD_BYTES);
      if (!data) return undefined;
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
    await this.checkFolder();
    try {
      await writeAtomic600(join(this.dir, name), data);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      await this.ensureDir();
      await this.checkFolder();
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
    await this.checkFolder();
    const path = join(this.dir, KEY_FILE);
    const existing = await readRegular(path, 32).catch(() => undefined);
    if (existing && existing.length === 32) return existing;
    await this.ensureDir();
    await this.checkFolder();
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
        const theirs = await readRegular(path, 32);
        if (theirs?.length === 32) return theirs;
      }
      throw e;
    }
  }

  /** Deletes the least recently used entries until the folder is within its bound. */
  private async evict(): Promise<void> {
    await this.checkFolder();
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
