// The build stamp: `npm run build` (esbuild.mjs) records in dist/build-stamp.json a content hash of
// every file the bundles are built from, taken before bundling. test/unit/build/bundles.test.ts
// compares it with the sources as they are now, so a dist/ older than any change in src/ (or the
// schema, esbuild.mjs, package.json, the lock file) fails the bundle tests instead of testing old
// code. Content hashes, not modification times: a checkout or `touch` that changes no byte is not
// a change, and an edit within the same second still is.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The stamp's file name inside dist/. */
export const STAMP_FILE = 'build-stamp.json';

/** What the bundles are built from, relative to the root: folders are walked, files taken as is. */
export const STAMP_INPUTS = ['src', 'schemas', 'esbuild.mjs', 'package.json', 'package-lock.json'];

/** Generated from the schema (which is an input itself), and git-ignored. */
const SKIPPED = new Set(['src/core/generated']);

function walk(root, rel, out) {
  if (SKIPPED.has(rel)) return;
  const abs = join(root, rel);
  let entries;
  try {
    entries = readdirSync(abs, { withFileTypes: true });
  } catch (e) {
    if (e.code === 'ENOTDIR') {
      out.push(rel);
      return;
    }
    if (e.code === 'ENOENT') return;
    throw e;
  }
  for (const entry of entries) {
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) walk(root, child, out);
    else if (entry.isFile()) out.push(child);
  }
}

/** `{ path: sha256 }` for every input file under `root` (paths with `/`, sorted). */
export function sourceDigests(root) {
  const files = [];
  for (const input of STAMP_INPUTS) walk(root, input, files);
  files.sort();
  const digests = {};
  for (const file of files) digests[file] = createHash('sha256').update(readFileSync(join(root, file))).digest('hex');
  return digests;
}

/** Writes the stamp of `digests` (taken before the build started) into `distDir`. */
export function writeStamp(distDir, digests) {
  writeFileSync(join(distDir, STAMP_FILE), `${JSON.stringify({ inputs: STAMP_INPUTS, files: digests }, null, 1)}\n`);
}

/** The stamp in `distDir`, or undefined when there is none (never built, or built by an older esbuild.mjs). */
export function readStamp(distDir) {
  const file = join(distDir, STAMP_FILE);
  if (!existsSync(file)) return undefined;
  const stamp = JSON.parse(readFileSync(file, 'utf8'));
  return stamp && typeof stamp.files === 'object' ? stamp : undefined;
}

/**
 * The input files that differ between `stamp` and the sources under `root` now:
 * `[{ path, change: 'changed' | 'added' | 'removed' }]`, empty when dist/ is up to date.
 */
export function staleSources(root, stamp) {
  const now = sourceDigests(root);
  const out = [];
  for (const [path, digest] of Object.entries(now)) {
    if (!(path in stamp.files)) out.push({ path, change: 'added' });
    else if (stamp.files[path] !== digest) out.push({ path, change: 'changed' });
  }
  for (const path of Object.keys(stamp.files)) if (!(path in now)) out.push({ path, change: 'removed' });
  return out.sort((a, b) => (a.path < b.path ? -1 : 1));
}
