/** The transform sandbox (SPEC.md section 2, "Transform"): QuickJS in WebAssembly, fresh per run. */
export { runTransform, WRAPPER_PREFIX } from './sandbox';
export { resolveTransformSource, type TransformSource, type TransformSourceError } from './source';
export { TRANSFORM_DEFAULTS } from './types';
export type { TransformError, TransformErrorKind, TransformInput, TransformOptions, TransformOutcome } from './types';
