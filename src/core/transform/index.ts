/** The transform sandbox (docs/reference.md, `transform`): QuickJS in WebAssembly, in a worker thread. */
export { closeTransformWorkers, HARD_CAP_GRACE_MS, runTransform, setTransformWorkers } from './pool';
export { WRAPPER_PREFIX } from './sandbox';
export { resolveTransformSource, type TransformSource, type TransformSourceError } from './source';
export { TRANSFORM_DEFAULTS } from './types';
export type { TransformError, TransformErrorKind, TransformInput, TransformOptions, TransformOutcome } from './types';
