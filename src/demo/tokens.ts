/** Short-lived access tokens issued by the demo OAuth2 endpoint, expiring by an injected clock. */
import { randomBytes } from 'node:crypto';

export interface IssuedToken {
  scopes: string[];
  expiresAt: number;
}

export class TokenStore {
  private readonly tokens = new Map<string, IssuedToken>();

  constructor(
    private readonly now: () => number,
    /** Lifetime of an access token, in seconds. */
    readonly ttlSeconds: number,
  ) {}

  issue(scopes: string[]): { token: string; expiresIn: number } {
    this.prune();
    const token = `demo-at-${randomBytes(18).toString('base64url')}`;
    this.tokens.set(token, { scopes, expiresAt: this.now() + this.ttlSeconds * 1000 });
    return { token, expiresIn: this.ttlSeconds };
  }

  /** The token's grant, 'expired' past its lifetime, or undefined when it was never issued. */
  check(token: string): IssuedToken | 'expired' | undefined {
    const t = this.tokens.get(token);
    if (!t) return undefined;
    return this.now() >= t.expiresAt ? 'expired' : t;
  }

  /** Other credentials the demo hands out (codes, refresh tokens), redacted like tokens. */
  private readonly others = new Set<string>();

  remember(value: string): void {
    this.others.add(value);
  }

  /** Every token issued and still held, for redaction. */
  values(): string[] {
    return [...this.tokens.keys(), ...this.others];
  }

  /** Drops tokens expired for more than an hour (keeps memory flat on a long demo). */
  private prune(): void {
    const cutoff = this.now() - 3_600_000;
    for (const [k, v] of this.tokens) if (v.expiresAt < cutoff) this.tokens.delete(k);
  }
}
