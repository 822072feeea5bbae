/**
 * The `file` output: `jsonl` appends one line, `json` replaces the file; both atomic. The path is
 * relative to the integration file's folder and stays inside it (./contained.ts): no `..`, no
 * symbolic link at any component, not an integration file, not `.ion/`; so a cloned file cannot
 * write over a developer's dotfiles, another integration or the run log.
 */
import { lstat, open, rename, unlink } from 'node:fs/promises';
import { constants } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { IonError } from '../errors';
import type { FileOutput, JsonValue } from '../model';
import { checkNoLinks, ContainmentError, makeFolders, O_NOFOLLOW, pathSegments, reservedTarget, sameFile } from './contained';

const HINTS: Record<string, string> = {
  outside: 'Write a relative path such as `out/users.jsonl`; outputs stay inside the folder that holds the .ion.yaml file (no `..`).',
  link: 'Point the output at a real folder and file inside the integration\'s folder: symbolic links are not followed.',
  not_file: 'Point the output at a file, not a folder.',
  not_folder: 'A component of the path is a file where a folder is needed.',
  integration_file: 'Outputs never replace an integration file: write to another name, such as `out/result.json`.',
  state_folder: '`.ion/` holds the run log; write outputs elsewhere, such as `out/`.',
};

function refused(path: string, e: ContainmentError): IonError {
  return new IonError('output_failed', `output path \`${path}\`: ${e.message}`, { hint: HINTS[e.reason] });
}

/** The path's components, or an `output_failed` error when the path leaves the folder or is reserved. */
function outputSegments(baseDir: string, path: string): string[] {
  let segments: string[];
  try {
    segments = pathSegments(baseDir, path);
  } catch (e) {
    if (e instanceof ContainmentError) throw refused(path, e);
    throw e;
  }
  const reserved = reservedTarget(segments);
  if (reserved) throw refused(path, new ContainmentError(reserved.message, reserved.reason));
  return segments;
}

/** The absolute path a file output writes to, or an `output_failed` error when it would leave `baseDir`. */
export async function resolveOutputPath(baseDir: string, path: string): Promise<string> {
  const segments = outputSegments(baseDir, path);
  try {
    return await checkNoLinks(baseDir, segments);
  } catch (e) {
    if (e instanceof ContainmentError) throw refused(path, e);
    throw e;
  }
}

/**
 * Replaces `path` atomically: the text goes to a fresh temporary file beside it (exclusive create,
 * random name, never through a link), which is then renamed over it; the temporary file is removed
 * if anything fails. A `path` that is a symbolic link is refused (renaming would replace the link,
 * not write where it points). One implementation for file outputs, `ion test --update` and
 * `ion run --record` (which write only the integration file itself).
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const st = await lstat(path).catch(() => undefined);
  if (st?.isSymbolicLink()) {
    throw new IonError('output_failed', `${path} is a symbolic link: it is not replaced`, { hint: 'Run the command on the file the link points to.' });
  }
  if (st && !st.isFile()) throw new IonError('output_failed', `${path} is not a file`);
  const tmp = join(dirname(path), `.${randomBytes(6).toString('hex')}.ion-tmp`);
  try {
    const handle = await open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | O_NOFOLLOW, 0o666);
    try {
      await handle.writeFile(text);
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}

/** Writes `value` to the file output. Returns the absolute path written. */
export async function writeFileOutput(baseDir: string, target: FileOutput, value: JsonValue): Promise<string> {
  const segments = outputSegments(baseDir, target.path);
  let path: string;
  try {
    await makeFolders(baseDir, segments);
    path = await checkNoLinks(baseDir, segments);
  } catch (e) {
    if (e instanceof ContainmentError) throw refused(target.path, e);
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw new IonError('output_failed', `cannot write output \`${target.path}\`: ${code}`);
  }
  const format = target.format ?? (path.endsWith('.json') ? 'json' : 'jsonl');
  const link = new ContainmentError(`goes through a symbolic link`, 'link');
  try {
    if (format === 'jsonl') {
      // One write of the whole line with O_APPEND: concurrent writers never interleave within a line.
      // O_NOFOLLOW: a link put in place after the check is not followed (ELOOP).
      const handle = await open(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | O_NOFOLLOW, 0o666);
      try {
        const st = await handle.stat();
        if (!st.isFile()) throw new ContainmentError('is not a file', 'not_file');
        if (!(await sameFile(path, st))) throw link;
        // A hard link has other names, possibly outside the folder: appending would write there too.
        if (st.nlink > 1) throw new ContainmentError('is a hard link (the file has other names, possibly outside the folder)', 'link');
        await handle.write(`${JSON.stringify(value)}\n`);
      } finally {
        await handle.close();
      }
    } else {
      await writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
    }
  } catch (e) {
    if (e instanceof ContainmentError) throw refused(target.path, e);
    if (e instanceof IonError) throw e;
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    if (code === 'ELOOP') throw refused(target.path, link);
    throw new IonError('output_failed', `cannot write output \`${target.path}\`: ${code}`);
  }
  return path;
}
