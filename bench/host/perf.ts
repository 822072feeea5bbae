/**
 * Runs INSIDE the real extension host (bench/host/run.mjs launches it through the code-server
 * harness, scripts/host/run-vscode.js, as it is). Measures: activation (explicit `activate()` of
 * the not-yet-active extension), what activation loaded (modules new in `require.cache` and their
 * bytes), open → first diagnostics, and edit → diagnostics, at 50 / 1,000 / 10,000 lines. Writes
 * its numbers to bench/results/host.json. Waits on events, never on sleeps.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

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
  } catch (e) {
    out.error = e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e);
  }
  fs.writeFileSync(RESULTS, JSON.stringify(out, null, 2));
  if (out.error) throw new Error(String(out.error));
}
