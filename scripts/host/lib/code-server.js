/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS: loaded by Node, mocha and @vscode/test-electron as is */
// Starts code-server (the VS Code server, on Node 24) on 127.0.0.1 with a random port, offline.
'use strict';
const { spawn } = require('child_process');
const path = require('path');
const { CODE_SERVER, NODE24 } = require('./paths');
const { writeUserSettings } = require('./settings');

/**
 * @param {{ tmp: string, trust: 'off' | 'untrusted', settings?: object, verbose?: boolean, startTimeoutMs?: number,
 *           onExit?: (code: number | null) => void }} o
 * @returns {Promise<{ url: string, port: number, stop: () => Promise<void> }>}
 */
function startCodeServer(o) {
  const userData = path.join(o.tmp, 'user-data');
  writeUserSettings(userData, o.trust, o.settings);
  const args = [
    path.join(CODE_SERVER, 'out/node/entry.js'),
    '--bind-addr', '127.0.0.1:0', '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override', '--ignore-last-opened',
    '--user-data-dir', userData, '--extensions-dir', path.join(o.tmp, 'extensions'),
    // The built workbench honours the extensionDevelopmentPath/extensionTestsPath URL payload only
    // when the smoke-test driver is enabled.
    '--vscode-option', 'enable-smoke-test-driver',
  ];
  if (o.trust !== 'untrusted') args.push('--disable-workspace-trust');
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: path.join(o.tmp, 'xdg-config'),
    XDG_DATA_HOME: path.join(o.tmp, 'xdg-data'),
    EXTENSIONS_GALLERY: '{}', // no marketplace (the default is open-vsx.org)
  };
  const child = spawn(NODE24, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let exited = false;
  const exitedPromise = new Promise((resolve) => child.on('exit', (code) => { exited = true; resolve(); o.onExit?.(code); }));

  async function stop() {
    if (exited) return;
    try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
    const timer = new Promise((r) => setTimeout(r, 5000).unref());
    await Promise.race([exitedPromise, timer]);
    if (!exited) { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ } }
  }

  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`code-server did not start within ${o.startTimeoutMs / 1000}s:\n${buf}`)),
      o.startTimeoutMs ?? 120000);
    timer.unref();
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`code-server exited (${code}) before listening:\n${buf}`)); });
    const onData = (d) => {
      const s = d.toString();
      if (o.verbose) process.stderr.write('[code-server] ' + s);
      if (buf.length < 100000) buf += s;
      const m = /HTTP server listening on (http:\/\/127\.0\.0\.1:(\d+)\/)/.exec(buf);
      if (m) { clearTimeout(timer); resolve({ url: m[1], port: Number(m[2]), stop }); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
  });
}

module.exports = { startCodeServer };
