/**
 * Runs INSIDE the real extension host (bench/host/run.mjs launches it through the code-server
 * harness, scripts/host/run-vscode.js, as it is). Measures: activation (explicit `activate()` of
 * the not-yet-active extension), what activation loaded (modules new in `require.cache` and their
 * bytes), open → first diagnostics, and edit → diagnostics, at 50 / 1,000 / 10,000 lines, and the
 * dashboard over a 100,000-run log (dashboard.ts). Writes
 * its numbers to bench/results/host.json. Waits on events, never on sleeps.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GatewayIonTestApi } from '../../src/extension/test-api';
import { dashboardBench } from './dashboard';

const EXTENSION_ID = 'gateway-ion.gateway-ion';
const RESULTS = path.resolve(__dirname, '..', 'host.json');
const FILES = path.resolve(__dirname, '..', 'host-files');
const EDITS = 7;

function diagnosticsWhen(uri: vscode.Uri, accept: (d: readonly vscode.Diagnostic[]) => boolean): Promise<void> {
  return new Promise((resolve) => {
    const check = () => accept(vscode.languages.getDiagnostics(uri));
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString()) && check()) {
        sub.dispose();
        resolve();
      }
    });
    if (check()) {
      sub.dispose();
      resolve();
    }
  });
}

const mentions = (word: string) => (d: readonly vscode.Diagnostic[]) => d.some((x) => x.message.includes(word));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/**
 * The floor of this host for "open → first diagnostics": VS Code's built-in JSON language features
 * on a broken JSON file of 1,000 lines (a missing comma in the middle), after a warm-up file so
 * its server has started (our rows are measured after activation too). Median of 3 opens.
 */
async function jsonFloor(): Promise<Record<string, unknown>> {
  const lines = 1000;
  const make = (n: number) => {
    const rows = Array.from({ length: n - 2 }, (_, i) => `  "key_${i}": { "id": ${i}, "name": "value ${i}" }${i === n - 3 ? '' : ','}`);
    rows[Math.floor(rows.length / 2)] = rows[Math.floor(rows.length / 2)].replace(/,$/, '');
    return `{\n${rows.join('\n')}\n}\n`;
  };
  const dir = path.join(FILES, 'json');
  fs.mkdirSync(dir, { recursive: true });
  const open = async (name: string, text: string): Promise<number> => {
    const uri = vscode.Uri.file(path.join(dir, name));
    fs.writeFileSync(uri.fsPath, text);
    const first = diagnosticsWhen(uri, (d) => d.length > 0);
    const t = performance.now();
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await first;
    const took = performance.now() - t;
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    return took;
  };
  const warmMs = await open('warm.json', make(20));
  const opens: number[] = [];
  for (let i = 0; i < 3; i++) opens.push(await open(`broken-${i}.json`, make(lines)));
  return { lines, warmMs, openMs: opens, openMedianMs: median(opens) };
}

interface PanelApi {
  panelRendered(file: vscode.Uri): Promise<{ status: string; text: string }>;
}

/** A 50MB JSON response: `gatewayIon.run` → the panel's first paint (its script's `rendered` report). */
async function largePanel(api: PanelApi): Promise<Record<string, unknown>> {
  const http = await import('node:http');
  const rows: string[] = [];
  let size = 12;
  for (let i = 0; size < 50 * 1024 * 1024; i++) {
    const r = JSON.stringify({ id: i, name: `item ${i}`, price: i * 1.5, tags: ['a', 'b'], active: i % 2 === 0 });
    rows.push(r);
    size += r.length + 1;
  }
  const body = Buffer.from(`{"items":[${rows.join(',')}]}`);
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const port = (server.address() as { port: number }).port;
    const uri = vscode.Uri.file(path.join(FILES, 'large.ion.yaml'));
    fs.writeFileSync(uri.fsPath, `version: 1\nname: large\nrequest:\n  url: "http://127.0.0.1:${port}/items"\n  maxResponseBytes: 100MB\n  timeout: 120s\nvalidate:\n  status: [200]\n`);
    const runs: Array<{ runMs: number; paintMs: number; status: string }> = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      const result = await vscode.commands.executeCommand<{ ok: boolean; durationMs: number }>('gatewayIon.run', uri);
      const ran = performance.now();
      // The report of the state this run posted (it waits when the script has not rendered it yet).
      const report = await api.panelRendered(uri);
      runs.push({ runMs: ran - t, paintMs: performance.now() - ran, status: `${result.ok ? 'ok' : 'failed'}/${report.status}` });
    }
    return { bytes: body.length, runs, runMedianMs: median(runs.map((r) => r.runMs)), paintMedianMs: median(runs.map((r) => r.paintMs)) };
  } finally {
    server.close();
  }
}

export async function run(): Promise<void> {
  const out: Record<string, unknown> = { vscode: vscode.version, node: process.version };
  try {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    if (!ext) throw new Error(`${EXTENSION_ID} is not loaded`);
    out.activeBefore = ext.isActive;
    const before = new Set(Object.keys(require.cache));
    const t0 = performance.now();
    await ext.activate();
    out.activationMs = performance.now() - t0;
    out.loaded = Object.keys(require.cache)
      .filter((k) => !before.has(k))
      .map((k) => ({ file: k, bytes: fs.existsSync(k) ? fs.statSync(k).size : 0 }));

    const sizes: Record<string, unknown> = {};
    for (const name of fs.readdirSync(FILES).filter((f) => f.endsWith('.ion.yaml')).sort((a, b) => parseInt(a, 10) - parseInt(b, 10))) {
      const uri = vscode.Uri.file(path.join(FILES, name));
      const lines = parseInt(name, 10);
      // Open → first diagnostics (each file has one warning, an unknown `input.trace`).
      const first = diagnosticsWhen(uri, mentions('input.trace'));
      const t1 = performance.now();
      const doc = await vscode.workspace.openTextDocument(uri);
      const editor = await vscode.window.showTextDocument(doc);
      await first;
      const openMs = performance.now() - t1;
      // Edit → diagnostics: type one character into `input.trace` and take it back, alternately.
      const at = doc.getText().indexOf('input.trace') + 'input.trace'.length;
      const pos = doc.positionAt(at);
      const edits: number[] = [];
      for (let i = 0; i < EDITS; i++) {
        const insert = i % 2 === 0;
        const want = insert ? 'input.traceX' : 'input.trace`';
        const done = diagnosticsWhen(uri, mentions(want));
        const t2 = performance.now();
        await editor.edit((e) => (insert ? e.insert(pos, 'X') : e.delete(new vscode.Range(pos, pos.translate(0, 1)))));
        await done;
        edits.push(performance.now() - t2);
      }
      sizes[lines] = { lines: doc.lineCount, openMs, editMs: edits, editMedianMs: median(edits) };
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    out.sizes = sizes;
    // The dashboard over a 100,000-run log (bench/host/dashboard.ts).
    out.dashboard = await dashboardBench(ext.exports as GatewayIonTestApi);
    out.jsonFloor = await jsonFloor();
    out.largePanel = await largePanel(ext.exports as PanelApi);
  } catch (e) {
    out.error = e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e);
  }
  fs.writeFileSync(RESULTS, JSON.stringify(out, null, 2));
  if (out.error) throw new Error(String(out.error));
}
