/**
 * What `activate` returns. In a normal launch that is the small public API below (documented in
 * the README, "Extension API"); the test hooks (test-api.ts) are added only when VS Code runs the
 * extension in Test mode (`ExtensionMode.Test`), so no other extension can call them.
 */
import type * as vscode from 'vscode';
import type { RunResult } from '../core/result';
import type { RunCommandOptions } from './running/options';
import type { RunningParts } from './running';

export interface GatewayIonApi {
  /** Resolves when activation has finished registering everything. */
  readonly ready: Promise<void>;
  /**
   * Runs the integration file `uri` as the Run command does (the picked environment, SecretStorage
   * secrets with the origin prompt, Restricted Mode honoured) and resolves with its result.
   */
  run(uri: vscode.Uri, options?: RunCommandOptions): Promise<RunResult>;
}

export function publicApi(running: RunningParts): GatewayIonApi {
  return {
    ready: Promise.resolve(),
    run: (uri, options) => running.runner.run(uri, options, { outputs: true }),
  };
}
