/** Names the importers make (README, "Import from OpenAPI or Postman"). */

/** Lower-case letters, digits and `_` (a secret or stem part); `x` when nothing is left. */
export function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '') || 'x';
}
