/**
 * Every `{{ secret.NAME }}` in the places references are resolved, with its offsets, and the
 * `secret_not_set` information diagnostic for those with no value in SecretStorage in any
 * environment (the editor knows the names; the core never sees values).
 */
import { isMap, isPair, isScalar, isSeq, type Document } from 'yaml';
import type { Diagnostic } from '../diagnostics';
import type { ParsedIntegration } from '../parse';
import { refreshTokenSecretName, signInGrant } from '../auth/sign-in-grant';
import { parseTemplate } from '../template';
import { keyString } from '../validate/nodes';
import { rangeInScalar } from '../validate/ranges';
import { referencesAllowed } from '../validate/references';
import { isFreeData } from '../validate/tojs';

export const SECRET_NOT_SET = 'secret_not_set';

export interface SecretRef {
  name: string;
  /** Offsets of `secret.NAME` in the text. */
  start: number;
  end: number;
}

export function secretRefs(doc: Document, text: string): SecretRef[] {
  const out: SecretRef[] = [];
  const path: Array<string | number> = [];
  const walk = (node: unknown, depth: number): void => {
    if (depth > 100 || !node) return;
    if (isMap(node)) {
      for (const item of node.items) {
        if (!isPair(item)) continue;
        const k = keyString(item.key);
        if (k === undefined) continue;
        path.push(k);
        walk(item.value, depth + 1);
        path.pop();
      }
    } else if (isSeq(node)) {
      node.items.forEach((it, i) => {
        path.push(i);
        walk(it, depth + 1);
        path.pop();
      });
    } else if (isScalar(node) && typeof node.value === 'string' && node.value.includes('{{')) {
      if (!referencesAllowed(path) || isFreeData(path)) return;
      for (const p of parseTemplate(node.value).parts) {
        if (p.kind === 'ref' && p.root === 'secret' && p.path.length === 1) {
          out.push({ name: p.path[0], ...rangeInScalar(text, node, p.exprStart, p.exprEnd) });
        }
      }
    }
  };
  walk(doc.contents, 0);
  return out;
}

/**
 * `secret_not_set` for each secret reference whose name has no value (plain or for any
 * environment) among `knownNames` (`NAME` or `NAME@env`). Nothing for files that do not parse.
 */
export function secretNotSetDiagnostics(parsed: ParsedIntegration, knownNames: Iterable<string>): Diagnostic[] {
  if (!parsed.value) return [];
  const known = new Set<string>();
  for (const n of knownNames) known.add(n.split('@')[0]);
  // The refresh token of a signed-in grant is filled by signing in, not typed (README "Signing in").
  const signIn = signInGrant(parsed.value) ? refreshTokenSecretName(parsed.value.auth) : undefined;
  return secretRefs(parsed.doc, parsed.text)
    .filter((r) => !known.has(r.name))
    .map((r) => ({
      start: r.start,
      end: r.end,
      severity: 'information' as const,
      code: SECRET_NOT_SET,
      message:
        r.name === signIn
          ? `secret \`${r.name}\` is not set yet: sign in to fill it ("Gateway Ion: Sign In", or ion auth login FILE in a terminal)`
          : `secret \`${r.name}\` is not set in SecretStorage yet: set it before running (tests use dummy values)`,
      data: r.name === signIn ? { secretName: r.name, signIn: true } : { secretName: r.name },
    }));
}
