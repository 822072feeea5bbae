/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS: loaded by Node as is */
// Finds the CSS class the workbench sets when a built-in color theme is active, so a screenshot can
// wait for the theme it asked for (`--theme` takes a theme id, as in settings.json, or its label).
'use strict';
const fs = require('fs');
const path = require('path');
const { CODE_SERVER } = require('./paths');

/** VS Code's `toCSSSelector(extensionId, themePath)`. */
function themeClass(extensionId, themePath) {
  let s = `${extensionId}-${themePath.replace(/^\.\//, '')}`.replace(/[^_a-zA-Z0-9-]/g, '-');
  if (/^[0-9-]/.test(s)) s = '_' + s;
  return s;
}

/** @returns {{ id: string, label: string, cssClass: string } | undefined} */
function findBuiltinTheme(name) {
  // Older VS Code labels ("Default Dark Modern") name today's "Dark Modern".
  return findExact(name) || (name.startsWith('Default ') ? findExact(name.slice('Default '.length)) : undefined);
}

function findExact(name) {
  const root = path.join(CODE_SERVER, 'lib/vscode/extensions');
  if (!fs.existsSync(root)) return undefined;
  for (const dir of fs.readdirSync(root)) {
    const manifest = path.join(root, dir, 'package.json');
    if (!fs.existsSync(manifest)) continue;
    const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8'));
    const themes = (pkg.contributes && pkg.contributes.themes) || [];
    if (!themes.length) continue;
    const nlsFile = path.join(root, dir, 'package.nls.json');
    const nls = fs.existsSync(nlsFile) ? JSON.parse(fs.readFileSync(nlsFile, 'utf8')) : {};
    for (const t of themes) {
      const label = String(t.label || '').replace(/^%(.*)%$/, (_, k) => nls[k] || k);
      if ((t.id || label) === name || label === name) {
        return { id: t.id || label, label, cssClass: themeClass(`${pkg.publisher}.${pkg.name}`, t.path) };
      }
    }
  }
  return undefined;
}

module.exports = { findBuiltinTheme, themeClass };
