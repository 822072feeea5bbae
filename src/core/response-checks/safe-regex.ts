/**
 * `pattern` and `patternProperties` in user schemas run on a linear-time engine (re2js, RE2 in
 * plain JavaScript), not on JavaScript's backtracking `RegExp`: no pattern can make matching hang,
 * whatever its shape (`(a+)+$`, `^(a|a)*$`, `\d*\d*\d*x`). RE2 has no back-references and no
 * lookaround; a pattern that uses them is refused with a message saying so, by the validator
 * (`bad_pattern`, at the pattern) and by a run alike, since both call `patternProblem`.
 * See the README, "Validating the response".
 */
import { RE2JS } from 're2js';

const MAX_PATTERN_LENGTH = 1000;
/** Strings longer than this are not matched against a pattern (the check fails instead). */
export const MAX_PATTERN_INPUT = 100_000;

/** JavaScript-only escapes in RE2 spelling: `\uXXXX` and `\u{X…}` become `\x{…}`. */
function toRe2Syntax(source: string): string {
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = source[i + 1];
    if (next === 'u') {
      const braced = /^\{([0-9a-fA-F]{1,6})\}/.exec(source.slice(i + 2, i + 10));
      const four = /^[0-9a-fA-F]{4}/.exec(source.slice(i + 2, i + 6));
      if (braced) {
        out += `\\x{${braced[1]}}`;
        i += 1 + braced[0].length;
        continue;
      }
      if (four) {
        out += `\\x{${four[0]}}`;
        i += 5;
        continue;
      }
    }
    out += c + (next ?? '');
    i++;
  }
  return out;
}

function explain(message: string): string {
  if (/invalid escape sequence: `\\[1-9]|invalid escape sequence: `\\k/.test(message)) return 'back-references (`\\1`, `\\k<name>`) are not supported: patterns run on a linear-time engine';
  if (/\(\?[=!]|\(\?<[=!]|invalid named capture: `\(\?<[=!]/.test(message)) return 'lookahead and lookbehind (`(?=`, `(?!`, `(?<=`, `(?<!`) are not supported: patterns run on a linear-time engine';
  return message.replace(/^error parsing regexp: /, '');
}

const compiled = new Map<string, RE2JS | string>();

function compile(source: string): RE2JS | string {
  let hit = compiled.get(source);
  if (hit !== undefined) return hit;
  if (source.length > MAX_PATTERN_LENGTH) hit = `the pattern is longer than ${MAX_PATTERN_LENGTH} characters`;
  else {
    try {
      hit = RE2JS.compile(toRe2Syntax(source));
    } catch (e) {
      hit = explain(e instanceof Error ? e.message : String(e));
    }
  }
  if (compiled.size > 1000) compiled.clear();
  compiled.set(source, hit);
  return hit;
}

/** Why the pattern cannot be used, or undefined when it is fine. */
export function patternProblem(source: string): string | undefined {
  const c = compile(source);
  return typeof c === 'string' ? c : undefined;
}

/** The `code.regExp` engine handed to ajv: linear-time matching, bounded input length. */
export function safeRegExp(pattern: string, flags: string): { test(s: string): boolean; toString(): string } {
  const re = compile(pattern);
  if (typeof re === 'string') throw new Error(`pattern /${pattern}/ cannot be used: ${re}`);
  return {
    test(s: string) {
      if (s.length > MAX_PATTERN_INPUT) return false;
      return re.test(s);
    },
    // ajv keys its compiled patterns by this string: it must differ per pattern.
    toString: () => `/${pattern}/${flags}`,
  };
}
safeRegExp.code = 'require("./safe-regex").safeRegExp';
