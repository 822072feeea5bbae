/** Editing features loaded on first use (hover with its cron libraries, completion); see lazy.ts. */
export { hoverAt } from '../../core/editor/hover';
export { complete } from '../../core/editor/completion';
