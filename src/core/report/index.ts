/** Run history reports: `ion report` and the dashboard's figures (docs/reference.md#ion-report). */
export {
  buildReport,
  hintFor,
  nextTick,
  COMPARE_MS,
  DEFAULT_REPORT_DAYS,
  ERROR_RATE_MIN_CALLS,
  ERROR_RATE_UP_POINTS,
  FAILING_AFTER,
  P95_MIN_CALLS,
  P95_UP_MIN_MS,
  P95_UP_RATIO,
  SCHEDULE_GRACE_MS,
  type Attention,
  type AttentionKind,
  type IntegrationFacts,
  type IntegrationReport,
  type Report,
  type ReportOptions,
} from './build';
export { renderReportText, sparkline, type TextOptions } from './text';
export { renderReportHtml } from './html';
export { parseSince } from './since';
