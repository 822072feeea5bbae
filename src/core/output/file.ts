/**
 * The `file` output: `jsonl` appends one line, `json` replaces the file; both atomic. The path is
 * relative to the integration file's folder and must stay inside that folder tree (symlinks
 * included), so a cloned file cannot write over a developer's dotfiles.
 */
import { mkdir, open, realpath, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import { IonError } from '../errors';
import type { FileOutput, JsonValue } from '../model';

function isInside(base: string, target: string): boolean {
  const rel = relative(base, target);
  return rel === '' ? false : !rel.startsWith('..') && !isAbsolute(rel) && !rel.split(sep).includes('..');
}

/** The absolute path a file output writes to, or an `output_failed` error when it would leave `baseDir`. */
export async function resolveOutputPath(baseDir: string, path: string): Promise<string> {
  if (!path || isAbsolute(path) || /^[a-zA-Z]:[\\/]/.test(path)) {
    throw new IonError('output_failed', `output path \`${path}\` must be relative to the integration's folder`, {
      hint: 'Write a relative path such as `out/users.jsonl`; outputs stay inside the integration\'s folder.',
    });
  }
  const target = resolve(baseDir, path);
  if (!isInside(baseDir, target)) {
    throw new IonError('output_failed', `output path \`${path}\` leaves the integration's folder`, {
      hint: 'Outputs must stay inside the folder that holds the .ion.yaml file (no `..`).',
    });
  }
  // Resolve symlinks of the existing part of the path: a link inside the folder must not point outside it.
  const realBase = await realpath(baseDir);
  let existing = dirname(target);
  const missing: string[] = [];
  for (;;) {
    try {
      const real = await realpath(existing);
      const realTarget = join(real, ...missing.reverse(), target.slice(target.lastIndexOf(sep) + 1));
      if (!isInside(realBase, realTarget)) {
        throw new IonError('output_failed', `output path \`${path}\` leaves the integration's folder through a symbolic link`, {
          hint: 'Point the output at a real folder inside the integration\'s folder.',
        });
      }
      return realTarget;
    } catch (e) {
      if (e instanceof IonError) throw e;
      const parent = dirname(existing);
      if (parent === existing) throw e;
      missing.push(existing.slice(existing.lastIndexOf(sep) + 1));
      existing = parent;
    }
  }
}

/**
 * Replaces `path` atomically: the text goes to a fresh temporary file beside it (exclusive create,
 * random name), which is then renamed over it; the temporary file is removed if anything fails.
 * One implementation for file outputs, `ion test --update` and `ion run --record`.
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const tmp = join(dirname(path), `.${randomBytes(6).toString('hex')}.ion-tmp`);
  try {
    await writeFile(tmp, text, { flag: 'wx' });
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}

/** Writes `value` to the file output. Returns the absolute path written. */
export async function writeFileOutput(baseDir: string, target: FileOutput, value: JsonValue): Promise<string> {
  const path = await resolveOutputPath(baseDir, target.path);
  const format = target.format ?? (path.endsWith('.json') ? 'json' : 'jsonl');
  try {
    await mkdir(dirname(path), { recursive: true });
    if (format === 'jsonl') {
      // One write of the whole line with O_APPEND: concurrent writers never interleave within a line.
      const handle = await open(path, 'a');
      try {
        await handle.write(`${JSON.stringify(value)}\n`);
      } finally {
        await handle.close();
      }
    } else {
      await writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw new IonError('output_failed', `cannot write output \`${target.path}\`: ${code}`);
  }
  return path;
}
