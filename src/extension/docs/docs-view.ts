/**
 * The readiness checklist, its quick fixes, the flow diagram and the documentation generator, in
 * one bundle the extension loads after activation (the first time a Gateway Ion document is
 * parsed, or Show Documentation runs): dist/docs-view.js, a split point in esbuild.mjs, so the
 * activation bundle does not carry them (README, "Extension cost").
 */
export { integrationDocs, flowOf, svgFlow } from '../../core/docs';
export { readinessDiagnostics, readinessOf, readinessQuickFixes } from '../../core/readiness';
