/**
 * Semantic checks of `cache:` and `request.graphql` (docs/reference.md, "cache", "request.graphql"):
 * keys that would have no effect are warned about (`unused_key`).
 */
import type { Diagnostic } from '../diagnostics';

type Path = Array<string | number>;
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function cacheAndGraphqlChecks(value: Record<string, unknown>, warn: (path: Path, message: string) => Diagnostic): Diagnostic[] {
  const out: Diagnostic[] = [];
  const request = isObj(value.request) ? value.request : undefined;
  if (value.cache !== undefined && request) {
    const method = typeof request.method === 'string' ? request.method.toUpperCase() : request.graphql !== undefined ? 'POST' : 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      out.push(warn(['cache'], `\`cache\` has no effect: only GET and HEAD responses are cached (this request is ${method})`));
    } else if (value.paginate !== undefined || value.batch !== undefined) {
      out.push(warn(['cache'], `\`cache\` has no effect with \`${value.paginate !== undefined ? 'paginate' : 'batch'}\`: a run of several requests is not cached`));
    }
  }
  const validate = isObj(value.validate) ? value.validate : undefined;
  if (validate && validate.allowGraphqlErrors !== undefined && !(request && request.graphql !== undefined)) {
    out.push(warn(['validate', 'allowGraphqlErrors'], '`validate.allowGraphqlErrors` has no effect without `request.graphql`'));
  }
  return out;
}
