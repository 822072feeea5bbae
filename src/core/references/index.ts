/** Resolving `{{ ... }}` references in a file's values. */
export { ResolveError, resolveDeep, resolveString, resolveText, secretNamesIn, type Builtins, type ResolveContext } from './resolve';
