/** Editing features loaded on first use (hover with its cron libraries, completion); see lazy.ts. */
export { hoverAt, complete } from '../../core/editor/extras';
