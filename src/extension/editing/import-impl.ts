/**
 * The import commands' work (see import-spec.ts): its own bundle, dist/import.js, with the
 * OpenAPI parser. Files are written with createAndOpen (never over an existing file); what could
 * not be expressed and the secrets to set are shown in a notification and the "Gateway Ion" log.
 */
import * as vscode from 'vscode';
import { integrationFromOperation, listOperations, loadOpenApi, postmanToIntegrations } from '../../core/import';
import { createAndOpen, exists, targetFolder } from './files';
import type { ImportCommandOptions, ImportPickers } from './import-spec';

function asPath(arg: unknown): string | undefined {
  if (arg instanceof vscode.Uri) return arg.fsPath;
  if (typeof arg === 'string' && arg) return arg;
  return undefined;
}

async function pickFile(title: string, filters: Record<string, string[]>): Promise<string | undefined> {
  const picked = await vscode.window.showOpenDialog({ title, canSelectMany: false, filters, openLabel: 'Import' });
  return picked?.[0]?.fsPath;
}

/** The summary: a notification, and with "Show Notes" every note (what could not be expressed) in a new Markdown document. */
function report(what: string, notes: string[], secrets: Array<{ name: string; what: string }>): void {
  const set = secrets.length ? ` Set the secrets before a real run: ${secrets.map((s) => s.name).join(', ')}.` : '';
  const cannot = notes.length ? ` ${notes.length} note(s) on what could not be expressed.` : '';
  const show = notes.length || secrets.length ? ['Show Notes'] : [];
  void vscode.window.showInformationMessage(`${what}.${set}${cannot}`, ...show).then(async (answer) => {
    if (answer !== 'Show Notes') return;
    const lines = [`# ${what}`, '', '## Secrets to set', '', ...secrets.map((s) => `- \`${s.name}\`: ${s.what}`), '', '## Notes', '', ...notes.map((n) => `- ${n}`)];
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'markdown', content: `${lines.join('\n')}\n` }));
  });
}

export async function importOpenApi(specArg: unknown, options: ImportCommandOptions, pickers: ImportPickers): Promise<vscode.Uri | undefined> {
  const spec = asPath(specArg) ?? (await pickFile('Gateway Ion: New Integration from OpenAPI', { 'OpenAPI / Swagger': ['yaml', 'yml', 'json'] }));
  if (!spec) return undefined;
  let api;
  try {
    // `$ref`d files stay in the description's workspace folder (its own folder outside a workspace).
    api = await loadOpenApi(spec, { root: vscode.workspace.getWorkspaceFolder(vscode.Uri.file(spec))?.uri.fsPath });
  } catch (e) {
    void vscode.window.showErrorMessage(`New Integration from OpenAPI: ${(e as Error).message}`);
    return undefined;
  }
  const ops = listOperations(api);
  if (ops.length === 0) {
    void vscode.window.showErrorMessage('New Integration from OpenAPI: the description has no operations.');
    return undefined;
  }
  let id = options.operation;
  if (!id) {
    const items: vscode.QuickPickItem[] = ops.map((o) => ({ label: o.id, description: `${o.method} ${o.path}`, detail: o.summary }));
    const choose = pickers.pickOperation ?? ((list: vscode.QuickPickItem[]) => Promise.resolve(vscode.window.showQuickPick(list, { title: 'Gateway Ion: pick an operation', matchOnDescription: true, matchOnDetail: true })));
    id = (await choose(items))?.label;
  }
  if (!id) return undefined;
  let result;
  try {
    result = integrationFromOperation(api, id);
  } catch (e) {
    void vscode.window.showErrorMessage(`New Integration from OpenAPI: ${(e as Error).message}`);
    return undefined;
  }
  const folder = await targetFolder(options.folder);
  if (!folder) return undefined;
  const uri = await createAndOpen(folder, result.name, result.yaml);
  report(`Imported ${id}`, result.warnings, result.secrets);
  return uri;
}

export async function importPostman(collectionArg: unknown, options: ImportCommandOptions & { environment?: string }): Promise<vscode.Uri[] | undefined> {
  const path = asPath(collectionArg) ?? (await pickFile('Gateway Ion: Import Postman Collection', { 'Postman collection': ['json'] }));
  if (!path) return undefined;
  const read = async (p: string) => JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(p)))) as unknown;
  let result;
  try {
    result = postmanToIntegrations(await read(path), { environment: options.environment ? await read(options.environment) : undefined });
  } catch (e) {
    void vscode.window.showErrorMessage(`Import Postman Collection: ${(e as Error).message}`);
    return undefined;
  }
  const folder = await targetFolder(options.folder);
  if (!folder) return undefined;
  // The first file opens; the others are written beside it (never over an existing file).
  const uris: vscode.Uri[] = [];
  for (const [i, f] of result.files.entries()) {
    const stem = f.fileName.replace(/\.ion\.yaml$/, '');
    if (i === 0) {
      uris.push(await createAndOpen(folder, stem, f.yaml));
      continue;
    }
    let uri = vscode.Uri.joinPath(folder, `${stem}.ion.yaml`);
    for (let n = 2; await exists(uri); n++) uri = vscode.Uri.joinPath(folder, `${stem}-${n}.ion.yaml`);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(f.yaml));
    uris.push(uri);
  }
  report(`Imported ${result.files.length} request(s) from the Postman collection`, result.summary, result.secrets);
  return uris;
}
