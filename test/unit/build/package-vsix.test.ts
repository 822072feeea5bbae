/**
 * The .vsix (`npm run package`): what `vsce ls` lists is exactly what the installed extension needs
 * (.vscodeignore), every bundle a shipped bundle requires ships too, and the Marketplace / Open VSX
 * page has what it shows: the icon at its size, the licence, the changelog, links, the walkthrough's
 * images. Reads dist/ as `npm run build` left it (npm test builds first).
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

/** Exactly these files, plus the webview's built scripts and styles (ALSO). */
const ALLOWED = [
  'package.json',
  'README.md',
  'LICENSE',
  'CHANGELOG.md',
  'language-configuration.json',
  'schemas/integration.schema.json',
  'snippets/gateway-ion.code-snippets',
  'syntaxes/gateway-ion.tmLanguage.json',
  'syntaxes/transform-injection.tmLanguage.json',
  'syntaxes/graphql-injection.tmLanguage.json',
  'media/icon.png',
  'media/panel.css',
  'media/dashboard.css',
  'media/runs.svg',
  'dist/extension.js',
  'dist/engine.js',
  'dist/editor-extras.js',
  'dist/import.js',
  'dist/quickjs.js',
  'dist/transform-worker.js',
  'dist/emscripten-module.wasm',
  'dist/demo-api.js',
  'dist/docs-view.js',
  'dist/history.js',
  'dist/serve-host.js',
  'dist/re2js.js',
  'docs/editing-completion.png',
  'docs/editing-diagnostic.png',
  'docs/panel-success.png',
  'docs/panel-failure.png',
];
const ALSO = /^dist\/webview\/[\w.-]+\.(js|css)$/;
/** Required in Test mode only (extension.ts), so never in the .vsix. */
const TEST_ONLY = new Set(['test-api.js']);

/** The PNG's width and height from its IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const b = readFileSync(file);
  assert.equal(b.subarray(1, 4).toString('latin1'), 'PNG', `${file} is a PNG`);
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

describe('build: the .vsix contents and its Marketplace page (vsce ls, .vscodeignore)', function () {
  this.timeout(90_000);
  let listed: string[];

  before(() => {
    // The devDependency, so nothing is fetched at test time.
    const vsce = join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
    listed = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8' })
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .sort();
  });

  it('lists only the allow-listed files, and all of them', () => {
    const stray = listed.filter((f) => !ALLOWED.includes(f) && !ALSO.test(f));
    assert.deepEqual(stray, [], 'files outside the allow-list');
    const missing = ALLOWED.filter((f) => !listed.includes(f));
    assert.deepEqual(missing, [], 'allow-listed files not in the package');
    assert.ok(listed.some((f) => ALSO.test(f)), 'the webview script ships');
  });

  it('every file of dist/ that a shipped bundle names (a require, a worker path) ships too', () => {
    const missing: string[] = [];
    const names = readdirSync(join(ROOT, 'dist')).filter((n) => /\.(js|wasm)$/.test(n) && !TEST_ONLY.has(n));
    for (const f of listed.filter((x) => /^dist\/[^/]+\.js$/.test(x))) {
      const text = readFileSync(join(ROOT, f), 'utf8');
      for (const n of names) {
        if (f !== `dist/${n}` && new RegExp(`["'/]${n.replace(/\./g, '\\.')}["']`).test(text) && !listed.includes(`dist/${n}`)) missing.push(`${f} names ${n}`);
      }
    }
    assert.deepEqual(missing, []);
  });

  it('has a square PNG icon of 256x256 (the Marketplace and Open VSX ask for at least 128x128), made from media/icon.svg', () => {
    assert.equal(pkg.icon, 'media/icon.png');
    assert.ok(existsSync(join(ROOT, 'media/icon.svg')), 'the source SVG (scripts/make-icon.mjs)');
    assert.deepEqual(pngSize(join(ROOT, pkg.icon)), { width: 256, height: 256 });
  });

  it('has the MIT licence it declares, a changelog with this version and an Unreleased section, and its links', () => {
    assert.equal(pkg.license, 'MIT');
    assert.match(readFileSync(join(ROOT, 'LICENSE'), 'utf8'), /^MIT License\n[\s\S]*Permission is hereby granted, free of charge/);
    const changelog = readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8');
    assert.match(changelog, /^## Unreleased$/m);
    assert.match(changelog, new RegExp(`^## ${pkg.version.replace(/\./g, '\\.')} - \\d{4}-\\d{2}-\\d{2}$`, 'm'));
    for (const key of ['repository', 'bugs', 'homepage']) assert.ok(pkg[key], key);
    assert.match(pkg.galleryBanner?.color ?? '', /^#[0-9a-f]{6}$/i);
    assert.ok(['dark', 'light'].includes(pkg.galleryBanner?.theme));
    assert.ok(pkg.keywords.length > 0 && pkg.keywords.length <= 30, 'the Marketplace takes at most 30 keywords');
    assert.equal(pkg.private, true, 'the extension manifest is never published to npm (the CLI has its own, scripts/pack-cli.mjs)');
  });

  it("packages with base URLs, so the README's relative links and images work on the Marketplace page", () => {
    assert.match(pkg.scripts.package, /--baseContentUrl https:\/\/\S+/);
    assert.match(pkg.scripts.package, /--baseImagesUrl https:\/\/\S+/);
    assert.doesNotMatch(pkg.scripts.package, /npx --yes/, 'vsce is a devDependency, not fetched at packaging time');
  });

  it("ships every walkthrough image, and each walkthrough step has a completion event", () => {
    const steps = pkg.contributes.walkthroughs.flatMap((w: { steps: unknown[] }) => w.steps) as Array<{ id: string; media: { image: string }; completionEvents: string[] }>;
    assert.ok(steps.length >= 5);
    for (const s of steps) {
      assert.ok(listed.includes(s.media.image), `${s.id}: ${s.media.image} is in the package`);
      assert.ok(s.completionEvents.length > 0, `${s.id} has a completion event`);
    }
  });
});
