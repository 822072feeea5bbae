/** Checks of a response: its status (`validate.status`) and its body against a JSON Schema (`validate.response`). */
export { validateBody } from './body';
export { checkStatus } from './status';
/** The one check of a schema pattern, shared by a run and the validator (`bad_pattern`). */
export { patternProblem } from './safe-regex';
