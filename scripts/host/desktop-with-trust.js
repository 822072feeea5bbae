#!/usr/bin/env node
// `vscodeExecutablePath` for the Restricted Mode launch on desktop VS Code: runTests() always adds
// --disable-workspace-trust; this drops it and starts the real executable ($ION_VSCODE_DESKTOP_EXE).
'use strict';
const { spawn } = require('child_process'); // eslint-disable-line @typescript-eslint/no-require-imports

const exe = process.env.ION_VSCODE_DESKTOP_EXE;
if (!exe) {
  console.error('ION_VSCODE_DESKTOP_EXE is not set');
  process.exit(2);
}
const args = process.argv.slice(2).filter((a) => a !== '--disable-workspace-trust');
const child = spawn(exe, args, { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => child.kill(s));
