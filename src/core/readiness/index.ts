/** The readiness checklist of an integration file (README, "Plan and document an integration"). */
export { READINESS_ITEMS, READINESS_LABELS, readinessDiagnostics, readinessOf, readinessSummary, resolveUrl, isPushOnly, apiDocsLinks, type Readiness, type ReadinessCheck, type ReadinessItem } from './readiness';
export { readinessQuickFixes, SAVE_AS_TEST_COMMAND, DOCS_LINK_PLACEHOLDER, RATE_LIMITS_PLACEHOLDER, type ReadinessQuickFix } from './quick-fixes';
