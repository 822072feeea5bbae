/** Finds integration files for `ion test`: `*.ion.yaml` / `*.ion.yml` under folders, never in node_modules or dot-folders. */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

export const INTEGRATION_FILE_RE = /\.ion\.ya?ml$/;
const SKIP_DIRS = new Set(['node_modules']);

async function walk(dir: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    if (e.isDirectory()) {
      if (SKIP_DIRS.has(e.name) || e.name.startsWith('.')) continue;
      await walk(join(dir, e.name), out);
    } else if (e.isFile() && INTEGRATION_FILE_RE.test(e.name)) {
      out.push(join(dir, e.name));
    }
  }
}

/** Expands arguments (files or folders) to integration files, in a stable order, without duplicates. */
export async function discoverIntegrationFiles(args: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const arg of args) {
    const s = await stat(arg);
    if (s.isDirectory()) await walk(arg, out);
    else out.push(arg);
  }
  return [...new Set(out)];
}
