/** Outputs: writing a file so that a reader never sees half of it. */
export { writeFileAtomic } from './file';
