/** The transform sandbox (docs/reference.md, `transform`): QuickJS in WebAssembly, fresh per run. */
export { runTransform, WRAPPER_PREFIX } from './sandbox';
export { resolveTransformSource, type TransformSource, type TransformSourceError } from './source';
export { TRANSFORM_DEFAULTS } from './types';
export type { TransformError, TransformErrorKind, TransformInput, TransformOptions, TransformOutcome } from './types';
