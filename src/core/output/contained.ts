/**
 * Files that stay in the integration's folder. A path from a file (an output's `path`,
 * `transform: { file }`) is relative to the folder of the `.ion.yaml` file and may not leave it:
 * no absolute path, no `..`, and no symbolic link at any component (a link inside the folder may
 * point anywhere, so links are refused, not followed). The last component is also opened with
 * `O_NOFOLLOW`, and what was opened is compared with what the path names now, so a link swapped
 * in between the check and the open is caught. An output may not target an integration file
 * (`*.ion.yaml`, `*.ion.yml`) nor the tool's own state (`.ion/`). See the README, "Outputs".
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { lstat, mkdir, realpath } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';

/** `O_NOFOLLOW` where the platform has it (not on Windows, where creating links needs privileges). */
export const O_NOFOLLOW: number = constants.O_NOFOLLOW ?? 0;

export type ContainmentReason = 'outside' | 'link' | 'not_file' | 'not_folder' | 'integration_file' | 'state_folder';

export class ContainmentError extends Error {
  constructor(
    message: string,
    readonly reason: ContainmentReason,
  ) {
    super(message);
    this.name = 'ContainmentError';
  }
}

const INTEGRATION_FILE = /\.ion\.ya?ml$/i;
const STATE_FOLDER = '.ion';

/** The components of `path` below `baseDir`; throws `ContainmentError('outside')` when it leaves it. */
export function pathSegments(baseDir: string, path: string): string[] {
  if (!path || path.trim() === '' || isAbsolute(path) || /^[a-zA-Z]:[\\/]/.test(path)) {
    throw new ContainmentError(`\`${path}\` must be a path relative to the integration's folder`, 'outside');
  }
  const base = resolve(baseDir);
  const rel = relative(base, resolve(base, path));
  if (rel === '' || isAbsolute(rel) || rel.split(sep).includes('..')) {
    throw new ContainmentError(`\`${path}\` leaves the integration's folder`, 'outside');
  }
  return rel.split(sep);
}

/**
 * Static rules for a path the tool writes: not an integration file, nothing under `.ion/`.
 * `undefined` when fine, else the reason and a message. Used by the validator too.
 */
export function reservedTarget(segments: readonly string[]): { reason: ContainmentReason; message: string } | undefined {
  // Case-insensitive: on macOS and Windows `.ION` is `.ion`.
  if (segments.slice(0, -1).some((s) => s.toLowerCase() === STATE_FOLDER) || segments[segments.length - 1]?.toLowerCase() === STATE_FOLDER) {
    return { reason: 'state_folder', message: 'is inside `.ion/`, where the tool keeps its own state (the run log)' };
  }
  if (INTEGRATION_FILE.test(segments[segments.length - 1] ?? '')) {
    return { reason: 'integration_file', message: 'is an integration file (`*.ion.yaml`, `*.ion.yml`)' };
  }
  return undefined;
}

function linkError(segments: readonly string[], i: number): ContainmentError {
  const at = segments.slice(0, i + 1).join('/');
  return new ContainmentError(`\`${segments.join('/')}\` goes through the symbolic link \`${at}\`: links are not followed out of the integration's folder`, 'link');
}

function check(segments: readonly string[], i: number, st: Stats): void {
  if (st.isSymbolicLink()) throw linkError(segments, i);
  if (i < segments.length - 1 && !st.isDirectory()) throw new ContainmentError(`\`${segments.slice(0, i + 1).join('/')}\` is not a folder`, 'not_folder');
}

function missing(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** The real path of `segments` under `baseDir`, after checking that no existing component is a link. */
export function checkNoLinksSync(baseDir: string, segments: readonly string[]): string {
  const realBase = realpathSync(baseDir);
  let cur = realBase;
  for (let i = 0; i < segments.length; i++) {
    cur = join(cur, segments[i]);
    let st: Stats;
    try {
      st = lstatSync(cur);
    } catch (e) {
      if (missing(e)) return join(realBase, ...segments);
      throw e;
    }
    check(segments, i, st);
  }
  return cur;
}

/**
 * `checkNoLinksSync` for async callers: a few `lstat`s of a short relative path, done synchronously so
 * there is one implementation of the walk.
 */
export async function checkNoLinks(baseDir: string, segments: readonly string[]): Promise<string> {
  return checkNoLinksSync(baseDir, segments);
}

/** Creates the folders of `segments` (all but the last) one by one, refusing links among them. */
export async function makeFolders(baseDir: string, segments: readonly string[]): Promise<void> {
  let cur = await realpath(baseDir);
  for (let i = 0; i < segments.length - 1; i++) {
    cur = join(cur, segments[i]);
    await mkdir(cur).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw e;
    });
    check(segments, i, await lstat(cur));
  }
}

/**
 * After opening `path` (with `O_NOFOLLOW`), checks that the path still names the opened file with
 * no link on the way: its real path is itself, and it is the same file (device and inode).
 */
export function sameFileSync(path: string, opened: Stats): boolean {
  try {
    if (realpathSync(path) !== path) return false;
    const now = statSync(path);
    return now.dev === opened.dev && now.ino === opened.ino;
  } catch {
    return false;
  }
}

/** `sameFileSync` for async callers (one implementation). */
export async function sameFile(path: string, opened: Stats): Promise<boolean> {
  return sameFileSync(path, opened);
}

/** `O_NONBLOCK` where the platform has it: opening a FIFO for reading must not wait for a writer. */
const O_NONBLOCK: number = constants.O_NONBLOCK ?? 0;

/**
 * Reads `relPath` under `baseDir` as bytes, contained: no `..`, no absolute path, no link at any
 * component. Only a regular file is read (a FIFO or a device is refused without waiting on it), and
 * one larger than `maxBytes` (when given) is refused before anything is allocated.
 */
export function readFileInFolderSync(baseDir: string, relPath: string, maxBytes?: number): Uint8Array {
  const segments = pathSegments(baseDir, relPath);
  const path = checkNoLinksSync(baseDir, segments);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ELOOP') throw linkError(segments, segments.length - 1);
    throw e;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new ContainmentError(`\`${relPath}\` is not a file`, 'not_file');
    if (!sameFileSync(path, st)) throw linkError(segments, segments.length - 1);
    if (st.nlink > 1) throw new ContainmentError(`\`${relPath}\` is a hard link (the file has other names, possibly outside the folder)`, 'link');
    if (maxBytes !== undefined && st.size > maxBytes) throw new ContainmentError(`\`${relPath}\` is ${st.size} bytes, more than the ${maxBytes} allowed`, 'not_file');
    const out = Buffer.alloc(st.size);
    let got = 0;
    while (got < out.length) {
      const n = readSync(fd, out, got, out.length - got, got);
      if (n === 0) break;
      got += n;
    }
    return out.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}
