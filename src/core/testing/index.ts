/** Tests in integration files: discovery, running, recording a run as a test, updating expected outputs, reporters. */
export type { TestFileResult } from './types';
export { discoverIntegrationFiles } from './discover';
export { runTestFile, runParsedTests } from './runner';
export { parseShard, shardParts, type Shard, type ShardFile, type ShardPart } from './shard';
export { recordedTestCase, appendTest, type RecordedResponse } from './record';
export { updateOutputs, type OutputUpdate } from './update';
export { renderValue } from './deep';
export { renderJson } from './reporters/json';
export { renderJunit } from './reporters/junit';
export { renderGithub, testLocator } from './reporters/github';
export { ansiStyle, plainStyle, renderSpec, summarize } from './reporters/spec';
