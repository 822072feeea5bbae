/**
 * Where the editor's run log goes (pure, unit-tested): `runs.jsonl` in the extension's global
 * storage, or `.ion/runs.jsonl` in the file's workspace folder when `gatewayIon.runLog.location`
 * is `workspace` (a file outside every folder falls back to the extension's storage).
 */
import { join } from 'node:path';

export function runLogPath(setting: unknown, globalStorage: string, workspaceFolder: string | undefined): string {
  if (setting === 'workspace' && workspaceFolder) return join(workspaceFolder, '.ion', 'runs.jsonl');
  return join(globalStorage, 'runs.jsonl');
}
