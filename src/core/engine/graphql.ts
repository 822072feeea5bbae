/**
 * `request.graphql` (README "GraphQL"): the operation is sent as a JSON body
 * `{ query, variables, operationName }`; a response whose body has `errors` fails as
 * `validation_failed`, listing each error's message and path, unless `validate.allowGraphqlErrors`.
 */
import { dirname } from 'node:path';
import { IonError } from '../errors';
import { ContainmentError, readFileInFolderSync } from '../output/contained';
import type { GraphqlSpec, JsonValue } from '../model';
import type { ValidationIssue } from '../result';

/** The largest query file read (1MB): a query is text a person wrote, never a data file. */
export const MAX_GRAPHQL_QUERY_BYTES = 1024 * 1024;

/**
 * The query text: inline, or read from `{ file }` relative to the integration's folder. The file
 * stays in that folder like `transform: { file }` (README "Outputs"): no absolute path, no `..`, no
 * symbolic link, a regular file only (never a FIFO), at most 1MB.
 */
export async function graphqlQuery(spec: GraphqlSpec, integrationFile: string): Promise<string> {
  if (typeof spec.query === 'string') return spec.query;
  const file = String(spec.query?.file ?? '');
  try {
    return Buffer.from(readFileInFolderSync(dirname(integrationFile), file, MAX_GRAPHQL_QUERY_BYTES)).toString('utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    if (e instanceof ContainmentError) {
      throw new IonError('invalid_file', `request.graphql.query.file: ${e.message}`, { hint: "Keep the query file inside the integration's folder, as a regular file of at most 1MB." });
    }
    throw new IonError('invalid_file', `cannot read request.graphql.query.file (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** The JSON body of the operation. */
export function graphqlBody(query: string, variables: JsonValue | undefined, operationName: string | undefined): string {
  return JSON.stringify({ query, ...(variables !== undefined ? { variables } : {}), ...(operationName !== undefined ? { operationName } : {}) });
}

/** A GraphQL error's path (`["user", "repos", 0]`) as a JSON pointer into the body's `data`. */
function pointer(path: unknown): string {
  if (!Array.isArray(path) || path.length === 0) return '';
  return `/data/${path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}

function dotted(path: unknown): string {
  return Array.isArray(path) ? path.map(String).join('.') : '';
}

/** The body's GraphQL errors, each with its message and path; empty when it has none. */
export function graphqlErrors(json: unknown): ValidationIssue[] {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return [];
  const errors = (json as { errors?: unknown }).errors;
  if (!Array.isArray(errors)) return [];
  return errors.map((e) => {
    const err = (e ?? {}) as { message?: unknown; path?: unknown };
    const at = dotted(err.path);
    return { message: `${typeof err.message === 'string' ? err.message : JSON.stringify(e)}${at ? ` (at ${at})` : ''}`, path: pointer(err.path) };
  });
}

/** The `validation_failed` error for a body with GraphQL errors (the first three named). */
export function graphqlFailure(issues: ValidationIssue[]): IonError {
  const shown = issues.slice(0, 3).map((i) => i.message).join('; ');
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : '';
  return new IonError('validation_failed', `the GraphQL response has ${issues.length === 1 ? 'an error' : `${issues.length} errors`}: ${shown}${more}`, {
    hint: 'Fix the query or its variables; set `validate.allowGraphqlErrors: true` if partial data with errors is a success.',
  });
}
