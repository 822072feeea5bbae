/**
 * "Store in SecretStorage": the literal at a `hardcoded_secret` range becomes `{{ secret.NAME }}`
 * (a `Bearer `-like scheme stays outside the reference), and the value to store is returned to the
 * caller, which hands it to SecretStorage. Never logged, never part of a message.
 */
import { parseDocument } from 'yaml';
import { locateAt } from './locate';
import type { OffsetEdit } from './quick-fixes';

const SCHEME_PREFIX = /^(Bearer|Basic|Token|Bot|Digest)\s+/i;

export interface StoreSecretPlan {
  /** The secret's value (without any scheme prefix). */
  value: string;
  edit: OffsetEdit;
}

/** Undefined when there is no non-empty string scalar at `start`..`end` of `text`. */
export function planStoreSecret(text: string, start: number, end: number, name: string): StoreSecretPlan | undefined {
  const doc = parseDocument(text, { uniqueKeys: false });
  const at = locateAt(doc, start);
  const scalar = at?.scalar;
  if (!at || !scalar || at.start !== start || at.end < end - 1 || typeof scalar.value !== 'string') return undefined;
  const raw = scalar.value;
  const scheme = SCHEME_PREFIX.exec(raw)?.[0] ?? '';
  const value = raw.slice(scheme.length);
  if (value.trim() === '') return undefined;
  // The scalar's range may include trailing spaces or a comment's gap: replace the value as written.
  const written = text.slice(at.start, at.end).trimEnd();
  return { value, edit: { start: at.start, end: at.start + written.length, newText: `"${scheme}{{ secret.${name} }}"` } };
}
