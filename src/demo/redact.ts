/**
 * Keeps credentials out of the demo server's log and recorded requests: credential headers lose
 * their value, and every known secret (the fixed demo values and each token issued) is replaced
 * wherever it appears, raw or URL-encoded.
 */
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'x-api-key', 'x-api-secret', 'cookie']);
export const MASK = '***';

export class Redactor {
  constructor(private readonly secrets: () => string[]) {}

  text(s: string): string {
    let out = s;
    for (const secret of this.secrets()) {
      if (!secret) continue;
      for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join(MASK);
    }
    return out;
  }

  header(name: string, value: string): string {
    if (!CREDENTIAL_HEADERS.has(name.toLowerCase())) return this.text(value);
    const scheme = /^(Bearer|Basic)\s/i.exec(value);
    return scheme ? `${scheme[1]} ${MASK}` : MASK;
  }
}
