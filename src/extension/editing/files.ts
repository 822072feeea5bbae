/** Where new integration files go, and writing them without overwriting anything. */
import * as vscode from 'vscode';

/** A folder argument (Uri, path string or nothing) as a folder Uri: the explorer's folder, else the first workspace folder, else ask. */
export async function targetFolder(folder: unknown): Promise<vscode.Uri | undefined> {
  if (folder instanceof vscode.Uri) return folder;
  if (typeof folder === 'string' && folder) return folder.includes('://') ? vscode.Uri.parse(folder) : vscode.Uri.file(folder);
  const ws = vscode.workspace.workspaceFolders;
  if (ws && ws.length === 1) return ws[0].uri;
  if (ws && ws.length > 1) return (await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Folder for the new integration' }))?.uri;
  const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Create here' });
  return picked?.[0];
}

/** Whether a file or folder is at `uri`. */
export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** Writes `NAME.ion.yaml` (or `NAME-2.ion.yaml`, … when taken) and opens it. */
export async function createAndOpen(folder: vscode.Uri, stem: string, text: string): Promise<vscode.Uri> {
  let uri = vscode.Uri.joinPath(folder, `${stem}.ion.yaml`);
  for (let i = 2; await exists(uri); i++) uri = vscode.Uri.joinPath(folder, `${stem}-${i}.ion.yaml`);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc);
  return uri;
}
