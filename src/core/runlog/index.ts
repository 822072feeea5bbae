/** The run log (docs/reference.md#the-run-log) and its metrics. */
export { FileRunLog, formatRunLogLine, rotatedRunLogPath, RUN_LOG_MAX_BYTES, RUN_LOG_KEEP, type FileRunLogOptions, type RunLog } from './file-run-log';
export { parseRunLogLine, readRunLog, readRunLogFile, readRunLogAll, type ReadRunLogAllOptions, type RunLogRead } from './read';
export { metrics, nearestRank, utcDay, canonicalKey, RunAccumulator, type IntegrationMetrics, type MetricsOptions, type MetricsReport } from './metrics';
