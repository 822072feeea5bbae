/**
 * Entry of the default host launch (Workspace Trust off): `@vscode/test-electron`'s
 * `extensionTestsPath` points at the built `out/test/host/index.js`, which runs `suite/**`.
 */
import * as path from 'node:path';
import { runSuite } from './mocha-runner';

export function run(): Promise<void> {
  return runSuite('suite', path.join(__dirname, 'suite'), path.join(__dirname, 'results', 'suite.json'));
}
