/**
 * Splits a pasted shell command into words the way a POSIX shell would for a `curl` line:
 * single quotes, double quotes (with `\"`, `\\`, `\$`, `` \` `` escapes), `$'…'` (ANSI-C escapes),
 * backslash escapes, and line continuations (`\` at the end of a line, also `^` from cmd.exe and
 * `` ` `` from PowerShell when they end a line). Variables are not expanded. An unclosed quote is
 * an error with its offset.
 */

export class ShellSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'ShellSyntaxError';
  }
}

const ANSI: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };

export function shellWords(input: string): string[] {
  // Line continuations first: `\`, `^` or `` ` `` right before a newline joins the lines.
  const text = input.replace(/[ \t]*(\\|\^|`)\r?\n/g, ' ');
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
      continue;
    }
    if (c === '#' && !inWord) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
      continue;
    }
    inWord = true;
    if (c === "'") {
      const close = text.indexOf("'", i + 1);
      if (close < 0) throw new ShellSyntaxError('unclosed single quote', i);
      word += text.slice(i + 1, close);
      i = close + 1;
    } else if (c === '$' && text[i + 1] === "'") {
      let j = i + 2;
      for (;;) {
        if (j >= text.length) throw new ShellSyntaxError("unclosed $'…' quote", i);
        const d = text[j];
        if (d === "'") break;
        if (d === '\\' && j + 1 < text.length) {
          const e = text[j + 1];
          if (e === 'x') {
            const hex = /^[0-9a-fA-F]{1,2}/.exec(text.slice(j + 2))?.[0] ?? '';
            word += hex ? String.fromCharCode(parseInt(hex, 16)) : '\\x';
            j += 2 + hex.length;
          } else if (e === 'u' || e === 'U') {
            const hex = new RegExp(`^[0-9a-fA-F]{1,${e === 'u' ? 4 : 8}}`).exec(text.slice(j + 2))?.[0] ?? '';
            word += hex ? String.fromCodePoint(parseInt(hex, 16)) : `\\${e}`;
            j += 2 + hex.length;
          } else if (/[0-7]/.test(e)) {
            const oct = /^[0-7]{1,3}/.exec(text.slice(j + 1))?.[0] ?? '0';
            word += String.fromCharCode(parseInt(oct, 8));
            j += 1 + oct.length;
          } else {
            word += ANSI[e] ?? `\\${e}`;
            j += 2;
          }
          continue;
        }
        word += d;
        j++;
      }
      i = j + 1;
    } else if (c === '"') {
      let j = i + 1;
      for (;;) {
        if (j >= text.length) throw new ShellSyntaxError('unclosed double quote', i);
        const d = text[j];
        if (d === '"') break;
        if (d === '\\' && j + 1 < text.length && '"\\$`\n'.includes(text[j + 1])) {
          if (text[j + 1] !== '\n') word += text[j + 1];
          j += 2;
          continue;
        }
        word += d;
        j++;
      }
      i = j + 1;
    } else if (c === '\\' && i + 1 < text.length) {
      word += text[i + 1];
      i += 2;
    } else {
      word += c;
      i++;
    }
  }
  if (inWord) words.push(word);
  return words;
}
