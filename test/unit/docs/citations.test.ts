/**
 * What comments cite must be in the repository: no file under src, test, scripts or bench (nor the
 * build and lint configs) cites the outside product spec or style guide (the contract is
 * docs/reference.md, the manual README.md); every anchor of docs/reference.md cited resolves; every
 * repository path a comment or the docs name exists.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const FOLDERS = ['src', 'test', 'scripts', 'bench'];
const ROOT_FILES = ['esbuild.mjs', 'eslint.config.mjs', '.ci/run', 'package.json', 'tsconfig.json', 'tsconfig.webview.json', '.mocharc.json'];
const SKIP = new Set(['node_modules', 'results', 'generated', 'out', '.vscode-test']);
const TEXT = /\.(ts|mts|mjs|cjs|js|json|md|sh|yaml|yml|html|css)$/;

function walk(rel: string, out: string[]): void {
  for (const e of readdirSync(join(ROOT, rel), { withFileTypes: true })) {
    if (SKIP.has(e.name)) continue;
    const child = `${rel}/${e.name}`;
    if (e.isDirectory()) walk(child, out);
    else if (e.isFile() && TEXT.test(e.name)) out.push(child);
  }
}

function sources(): string[] {
  const out: string[] = [];
  for (const f of FOLDERS) walk(f, out);
  for (const f of ROOT_FILES) if (existsSync(join(ROOT, f))) out.push(f);
  return out;
}

/** GitHub's heading anchors (lower-cased, punctuation dropped, spaces as `-`) plus explicit `<a id>`s. */
export function anchors(md: string): Set<string> {
  const out = new Set<string>();
  const seen = new Map<string, number>();
  let fence = false;
  for (const line of md.split('\n')) {
    if (line.startsWith('```')) fence = !fence;
    if (fence) continue;
    const h = /^#{1,6} (.+)$/.exec(line);
    if (h) {
      const slug = h[1].trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');
      const n = seen.get(slug) ?? 0;
      seen.set(slug, n + 1);
      out.add(n === 0 ? slug : `${slug}-${n}`);
    }
    for (const m of line.matchAll(/<a id="([^"]+)"><\/a>/g)) out.add(m[1]);
  }
  return out;
}

// Spelled in pieces, so this file does not match itself.
const OUTSIDE = [new RegExp('\\bSP' + 'EC\\b'), new RegExp('ST' + 'YLE\\.md'), new RegExp('/work' + '/shared'), new RegExp('\\.\\./sh' + 'ared/[A-Z]+\\.md')];

describe('citations', () => {
  const files = sources();

  it('no source cites the product spec or style guide outside the repository', () => {
    const found: string[] = [];
    for (const f of files) {
      readFileSync(join(ROOT, f), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (OUTSIDE.some((re) => re.test(line))) found.push(`${f}:${i + 1}: ${line.trim()}`);
        });
    }
    assert.deepEqual(found, [], 'cite a section of docs/reference.md or README.md instead');
  });

  it('every anchor of docs/reference.md cited in the sources and the README exists', () => {
    const known = anchors(readFileSync(join(ROOT, 'docs', 'reference.md'), 'utf8'));
    const bad: string[] = [];
    let cited = 0;
    for (const f of [...files, 'README.md']) {
      for (const m of readFileSync(join(ROOT, f), 'utf8').matchAll(/(?:docs\/)?reference\.md#([\w-]+)/g)) {
        cited++;
        if (!known.has(m[1])) bad.push(`${f}: #${m[1]}`);
      }
    }
    assert.deepEqual(bad, []);
    assert.ok(cited > 0, 'the sources cite the reference');
  });

  it('the README links the reference', () => {
    assert.match(readFileSync(join(ROOT, 'README.md'), 'utf8'), /\]\(docs\/reference\.md(#[\w-]+)?\)/);
  });

  it('every repository path named in a comment, the README or the reference exists', () => {
    // A path from the root (not the tail of `out/test/...`), with an extension.
    const PATH = /(?<![\w/.-])((?:src|test|scripts|bench|docs|schemas|examples|\.ci)\/[\w./-]*\w\.(?:ts|mts|mjs|cjs|js|json|md|sh|yaml|png))\b/g;
    // Written by a run (git-ignored), or a placeholder in a usage line.
    const notInRepo = (p: string) => p.startsWith('bench/results/') || p === 'docs/x.png';
    const missing: string[] = [];
    const check = (f: string, text: string, line: number) => {
      for (const m of text.matchAll(PATH)) if (!notInRepo(m[1]) && !existsSync(join(ROOT, m[1]))) missing.push(`${f}:${line}: ${m[1]}`);
    };
    for (const f of files) {
      readFileSync(join(ROOT, f), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          const t = line.trim();
          if (f.endsWith('.md') || t.startsWith('//') || t.startsWith('*') || t.startsWith('/*') || t.startsWith('#')) check(f, t, i + 1);
        });
    }
    for (const f of ['README.md', 'docs/reference.md']) {
      readFileSync(join(ROOT, f), 'utf8')
        .split('\n')
        .forEach((line, i) => check(f, line, i + 1));
    }
    assert.deepEqual(missing, []);
  });
});
