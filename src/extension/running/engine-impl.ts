/** What the editor uses of the core engine; imported lazily through `engine.ts`, never statically. */
export { runIntegration, UnknownEnvironmentError, defaultRunHooks, renderCurl, signIn } from '../../core/engine';
export { closeSharedTransports } from '../../core/http';
export { FileRunLog } from '../../core/runlog';
export { FileCacheStore } from '../../core/cache';
export { closeTransformWorkers } from '../../core/transform';
export { recordedTestCase, appendTest, runTestFile } from '../../core/testing';
