/**
 * The reference grammar (docs/reference.md#references): `{{ name.path }}`, names `[A-Za-z_][A-Za-z0-9_-]*`,
 * no expressions; `\{{` writes a literal `{{`. One tokenizer, used by the validator (static checks,
 * completion, hover) and by the engine (resolution).
 */

export const NAMESPACES = ['input', 'vars', 'secret', 'env'] as const;
export type Namespace = (typeof NAMESPACES)[number];
export const BUILTINS = ['uuid', 'now', 'nowUnix'] as const;

export const NAME_RE = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export interface LiteralPart {
  kind: 'literal';
  text: string;
}

export interface RefPart {
  kind: 'ref';
  /** `input`, `vars`, `secret`, `env`, or a built-in. */
  root: string;
  /** Segments after the root: `vars.a.b` → ['a', 'b']. */
  path: string[];
  /** The reference as written between the braces, trimmed: `vars.baseUrl`. */
  expr: string;
  /** Offsets within the string: the whole `{{ … }}` and the trimmed expression. */
  start: number;
  end: number;
  exprStart: number;
  exprEnd: number;
}

export type TemplatePart = LiteralPart | RefPart;

export interface TemplateProblem {
  code: 'ref_syntax' | 'ref_unclosed';
  message: string;
  start: number;
  end: number;
}

export interface ParsedTemplate {
  parts: TemplatePart[];
  problems: TemplateProblem[];
  /** True when the string is exactly one reference (it keeps the referenced type). */
  whole: boolean;
}

/** Fast check before the full tokenizer. */
export function hasTemplate(s: string): boolean {
  return s.includes('{{');
}

export function parseTemplate(s: string): ParsedTemplate {
  const parts: TemplatePart[] = [];
  const problems: TemplateProblem[] = [];
  let literal = '';
  let i = 0;
  while (i < s.length) {
    if (s.startsWith('\\{{', i)) {
      literal += '{{';
      i += 3;
      continue;
    }
    if (!s.startsWith('{{', i)) {
      literal += s[i];
      i += 1;
      continue;
    }
    const close = s.indexOf('}}', i + 2);
    if (close < 0) {
      problems.push({
        code: 'ref_unclosed',
        message: 'unclosed reference: `{{` has no matching `}}` (write `\\{{` for a literal `{{`)',
        start: i,
        end: s.length,
      });
      literal += s.slice(i);
      break;
    }
    const inner = s.slice(i + 2, close);
    const lead = inner.length - inner.trimStart().length;
    const expr = inner.trim();
    const exprStart = i + 2 + lead;
    const exprEnd = exprStart + expr.length;
    const segments = expr.split('.');
    if (expr === '' || !segments.every((seg) => NAME_RE.test(seg))) {
      problems.push({
        code: 'ref_syntax',
        message:
          expr === ''
            ? 'empty reference `{{ }}`: write a name such as `{{ vars.baseUrl }}`'
            : `\`${expr}\` is not a reference: write \`namespace.name\` (letters, digits, \`_\`, \`-\`), no expressions`,
        start: i,
        end: close + 2,
      });
      literal += s.slice(i, close + 2);
      i = close + 2;
      continue;
    }
    if (literal) parts.push({ kind: 'literal', text: literal });
    literal = '';
    parts.push({
      kind: 'ref',
      root: segments[0],
      path: segments.slice(1),
      expr,
      start: i,
      end: close + 2,
      exprStart,
      exprEnd,
    });
    i = close + 2;
  }
  if (literal) parts.push({ kind: 'literal', text: literal });
  const whole = parts.length === 1 && parts[0].kind === 'ref' && problems.length === 0;
  return { parts, problems, whole };
}

/** The CLI's environment variable for a secret: `github-token` → `ION_SECRET_GITHUB_TOKEN`, per environment `…__ACME`. */
export function secretEnvName(name: string, environment?: string): string {
  const base = `ION_SECRET_${name.toUpperCase().replace(/-/g, '_')}`;
  return environment ? `${base}__${environment.toUpperCase().replace(/-/g, '_')}` : base;
}
