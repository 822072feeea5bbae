/**
 * "Gateway Ion: New Integration from OpenAPI…" (`gatewayIon.importOpenApi`) and "Gateway Ion:
 * Import Postman Collection…" (`gatewayIon.importPostman`), README "Import from OpenAPI or
 * Postman". Only the commands are registered at activation: the OpenAPI parser and the import
 * code are in dist/import.js (a split point, esbuild.mjs), loaded the first time one runs.
 */
import * as vscode from 'vscode';

export type ImportImpl = typeof import('./import-impl');

/** How an operation is picked; host tests replace it (test-api.ts) to drive the quick pick. */
export interface ImportPickers {
  pickOperation?: (items: vscode.QuickPickItem[]) => Promise<vscode.QuickPickItem | undefined>;
}

export const importPickers: ImportPickers = {};

let loading: Promise<ImportImpl> | undefined;
let loaded = false;

export function importLoaded(): boolean {
  return loaded;
}

function load(): Promise<ImportImpl> {
  loading ??= import('./import-impl').then((m) => {
    loaded = true;
    return m;
  });
  return loading;
}

export interface ImportCommandOptions {
  /** The folder the files go to (default: the workspace folder, or ask). */
  folder?: string | vscode.Uri;
  /** OpenAPI: the operation id (no quick pick). */
  operation?: string;
}

export function registerImportSpec(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('gatewayIon.importOpenApi', async (spec?: unknown, options?: ImportCommandOptions) => (await load()).importOpenApi(spec, options ?? {}, importPickers)),
    vscode.commands.registerCommand('gatewayIon.importPostman', async (collection?: unknown, options?: ImportCommandOptions & { environment?: string }) => (await load()).importPostman(collection, options ?? {})),
  );
}
