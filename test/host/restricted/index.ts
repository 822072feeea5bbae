/**
 * Entry of the Restricted Mode launch (Workspace Trust on, workspace untrusted): runs the tests
 * in this folder (built to `out/test/host/restricted/`).
 */
import * as path from 'node:path';
import { runSuite } from '../mocha-runner';

export function run(): Promise<void> {
  return runSuite('restricted', __dirname, path.join(__dirname, '..', 'results', 'restricted.json'));
}
