/** What the editor uses of the core engine; imported lazily through `engine.ts`, never statically. */
export { runIntegration, UnknownEnvironmentError } from '../../core/engine/run';
export { defaultRunHooks } from '../../core/engine/default-hooks';
export { renderCurl } from '../../core/engine/curl';
export { FileRunLog } from '../../core/runlog';
export { recordedTestCase, appendTest } from '../../core/testing/record';
export { runTestFile } from '../../core/testing/runner';
