/** Checking an integration file while it is edited: the incremental validator (one per open document). */
export { createIncrementalValidator, type IncrementalValidator } from './incremental';
/** Strict UTF-8 decoding of a file's bytes, with the position of the first bad byte (`invalid_utf8`). */
export { decodeUtf8, utf8Diagnostic, type Utf8Result } from './utf8';
