/** The run log (docs/reference.md#the-run-log) and its metrics. */
export { FileRunLog, formatRunLogLine, type RunLog } from './file-run-log';
export { parseRunLogLine, readRunLog, readRunLogFile, type RunLogRead } from './read';
export { metrics, nearestRank, utcDay, type IntegrationMetrics, type MetricsOptions, type MetricsReport } from './metrics';
