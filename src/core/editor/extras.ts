/** Hover and completion: the heavier half of the editing features (see index.ts), loaded lazily. */
export { hoverAt } from './hover';
export { complete } from './completion';
