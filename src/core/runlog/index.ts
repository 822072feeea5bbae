/** The run log and its metrics (SPEC.md section 3). */
export { FileRunLog, formatRunLogLine, type RunLog } from './file-run-log';
export { parseRunLogLine, readRunLog, readRunLogFile, type RunLogRead } from './read';
export { metrics, nearestRank, utcDay, type IntegrationMetrics, type MetricsOptions, type MetricsReport } from './metrics';
