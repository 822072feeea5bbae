// `node scripts/make-icon.mjs`: rasterizes media/icon.svg to media/icon.png, the extension's `icon`
// (package.json): 256x256, the size the VS Code Marketplace and Open VSX show sharp on a high-density
// screen (both ask for at least 128x128; the Marketplace scales it down to 128 and smaller). The PNG
// is committed, so packaging needs no rasterizer; run this after editing the SVG. The renderer is
// resvg compiled to WebAssembly (a devDependency), so it runs on any Node without native code.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initWasm, Resvg } from '@resvg/resvg-wasm';

export const ICON_SIZE = 256;

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

await initWasm(readFileSync(require.resolve('@resvg/resvg-wasm/index_bg.wasm')));
const svg = readFileSync(join(ROOT, 'media', 'icon.svg'), 'utf8');
const png = new Resvg(svg, { fitTo: { mode: 'width', value: ICON_SIZE } }).render().asPng();
writeFileSync(join(ROOT, 'media', 'icon.png'), png);
console.log(`media/icon.png ${ICON_SIZE}x${ICON_SIZE}, ${png.length} bytes`);
