/**
 * Shared by the masking tests: the encodings of a secret that must never appear in anything the
 * product writes (README "Security"), random secret values, and the number of property runs
 * (`ION_FUZZ_RUNS` raises it: `npm run fuzz`).
 */
import fc from 'fast-check';

/** Property runs: the given default, or ION_FUZZ_RUNS when set (npm run fuzz). */
export function runs(defaultRuns: number): number {
  const n = Number(process.env.ION_FUZZ_RUNS);
  return Number.isFinite(n) && n > 0 ? n : defaultRuns;
}

/** Fixed seeds: a failure replays. */
export const SEED = 20240612;

const ALPHABET = ['a', 'Z', '9', '/', '+', ' ', '~', '"', '\\', '%', '=', '&', '?', '#', ':', '-', '_', '.', 'é', '€', '😀', '\u0001', '\n'];

/** A secret: a distinctive start (so it cannot occur by chance in other text) and risky characters. */
export const secretArb = fc
  .array(fc.constantFrom(...ALPHABET), { minLength: 4, maxLength: 24 })
  .map((chars) => `Sk7q${chars.join('')}`);

function b64All(text: string): string[] {
  const b64 = Buffer.from(text, 'utf8').toString('base64');
  const unpadded = b64.replace(/=+$/, '');
  const url = unpadded.replace(/\+/g, '-').replace(/\//g, '_');
  return [b64, unpadded, url, url + b64.slice(unpadded.length)];
}

/** The inside of a JSON string holding `s` (escaped once; nest it for JSON inside JSON). */
const jsonEscape = (s: string) => JSON.stringify(s).slice(1, -1);

/** Every `\uXXXX`. */
export function jsonAllEscaped(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += `\\u${s.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return out;
}

/** Every other character as `\uXXXX` (upper-case hex), the rest as JSON writes it, `/` as `\/`. */
export function jsonMixed(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (i % 2 === 1) out += `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    else out += c === '/' ? '\\/' : JSON.stringify(c).slice(1, -1);
  }
  return out;
}

export function percentLower(s: string): string {
  return encodeURIComponent(s).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
}

/** Every form of a secret (and of `Bearer VALUE`, and of `user:VALUE`) the product must never write. */
export function leakForms(secret: string, user = 'svc'): string[] {
  const forms = new Set<string>([
    secret,
    JSON.stringify(secret).slice(1, -1),
    jsonEscape(jsonEscape(secret)),
    jsonEscape(jsonEscape(jsonEscape(secret))),
    jsonAllEscaped(secret),
    jsonMixed(secret),
    encodeURIComponent(secret),
    percentLower(secret),
    encodeURI(secret),
    new URLSearchParams({ v: secret }).toString().slice(2),
    secret.replace(/~/g, '~0').replace(/\//g, '~1'),
    ...b64All(secret),
    ...b64All(`Bearer ${secret}`),
    ...b64All(`${user}:${secret}`),
  ]);
  return [...forms];
}

/**
 * The first form (with a prefix of 10 characters or more) found in `text`, or undefined: a cut may
 * end with at most a few characters of a secret, never a long prefix.
 */
export function findLeak(text: string, secret: string, user?: string): string | undefined {
  for (const f of leakForms(secret, user)) {
    const probe = f.slice(0, Math.min(f.length, 10));
    if (text.includes(probe)) return f;
  }
  return undefined;
}

export { fakeIO } from '../helpers/cli-io';

