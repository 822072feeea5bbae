/**
 * The editing features as plain data, for the extension's providers. Hover and completion are not
 * here: they pull croner, cronstrue and the schema docs, so they have their own entry,
 * `editor/extras.ts`, which the extension loads on first use (src/extension/editing/lazy.ts).
 */
export { CurlImportError, parseCurl } from './curl-import';
export { curlToIntegration, integrationYaml, type ImportResult } from './curl-to-integration';
export { AUTH_KINDS, AUTH_LABELS, fileStem, newIntegrationText, PATTERNS, secretPrefix, type AuthKind } from './new-integration';
export { ShellSyntaxError } from './shell-words';
export { secretNotSetDiagnostics } from './secret-refs';
export { quickFixes, STORE_SECRET_COMMAND, type OffsetEdit } from './quick-fixes';
export { planStoreSecret } from './store-secret';
export { outline, type OutlineKind, type OutlineSymbol } from './outline';
export type { CompletionEntry, CompletionKind } from './completion';
