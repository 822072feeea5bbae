/** The run log file for a file's runs, following `gatewayIon.runLog.location` (see run-log-path.ts). */
import * as vscode from 'vscode';
import { runLogPath } from './run-log-path';

export class RunLogFiles {
  constructor(private readonly globalStorage: vscode.Uri) {}

  pathFor(file?: vscode.Uri): string {
    const setting = vscode.workspace.getConfiguration('gatewayIon', file).get<string>('runLog.location');
    const folder = file ? vscode.workspace.getWorkspaceFolder(file) : vscode.workspace.workspaceFolders?.[0];
    return runLogPath(setting, this.globalStorage.fsPath, folder?.uri.scheme === 'file' ? folder.uri.fsPath : undefined);
  }
}
