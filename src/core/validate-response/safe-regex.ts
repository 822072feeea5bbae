/**
 * A guard for `pattern` / `patternProperties` in user schemas: JavaScript regexes backtrack, and a
 * nested quantifier such as `(a+)+$` can hang on a crafted body. We refuse patterns whose quantified
 * groups contain another quantifier (star height > 1) or a back-reference, and test only strings up
 * to a bounded length. A refused pattern fails compilation with a message, never a hang.
 */

const MAX_PATTERN_LENGTH = 1000;
/** Strings longer than this are not matched against a pattern (the check fails instead). */
export const MAX_PATTERN_INPUT = 100_000;

/** Why the pattern is unsafe, or undefined when it is fine. */
export function unsafePatternReason(source: string): string | undefined {
  if (source.length > MAX_PATTERN_LENGTH) return `the pattern is longer than ${MAX_PATTERN_LENGTH} characters`;
  if (/\\[1-9]|\\k</.test(source)) return 'back-references are not allowed in patterns';
  // Walk the groups: a group that contains a quantifier and is itself repeated is a nested quantifier.
  const stack: boolean[] = [];
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') stack.push(false);
    else if (c === ')') {
      const hadQuantifier = stack.pop() ?? false;
      if (hadQuantifier && stack.length > 0) stack[stack.length - 1] = true;
      const next = source[i + 1];
      if (hadQuantifier && (next === '*' || next === '+' || next === '{')) {
        return 'nested quantifiers (such as `(a+)+`) can make matching take forever';
      }
    } else if ((c === '*' || c === '+' || c === '{') && stack.length > 0) {
      stack[stack.length - 1] = true;
    }
  }
  return undefined;
}

/** The `code.regExp` engine handed to ajv: refuses unsafe patterns, bounds the input length. */
export function safeRegExp(pattern: string, flags: string): { test(s: string): boolean } {
  const reason = unsafePatternReason(pattern);
  if (reason) throw new Error(`unsafe pattern /${pattern}/: ${reason}`);
  const re = new RegExp(pattern, flags);
  return {
    test(s: string) {
      if (s.length > MAX_PATTERN_INPUT) return false;
      re.lastIndex = 0;
      return re.test(s);
    },
  };
}
safeRegExp.code = 'require("./safe-regex").safeRegExp';
