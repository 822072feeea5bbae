/**
 * Secret ↔ origin binding (docs/reference.md#origins): every (secret, origin) the run would use is asked of
 * the SecretSource before anything is sent; each redirect hop is asked again for the secrets it
 * still carries, and for the client certificate's (a connection presents it to any origin).
 * Refused → `secret_blocked`, nothing sent.
 */
import { IonError } from '../errors';
import type { OutgoingRequest } from '../http/send';
import type { ParsedIntegration } from '../parse';
import type { SecretSource } from '../ports';
import type { Masker } from '../secrets/mask';
import { originOf } from '../secrets/origins';
import { errorAt, type SecretUse } from './prepare';

export class OriginGate {
  private readonly answers = new Map<string, Promise<boolean>>();

  constructor(
    private readonly secrets: SecretSource,
    private readonly environment: string | null,
    private readonly masker: Masker,
    /** Secrets every connection presents (the mTLS client certificate), whatever the hop carries. */
    private readonly connectionSecrets: readonly string[] = [],
  ) {}

  private allowed(secret: string, origin: string): Promise<boolean> {
    const key = `${secret}\n${origin}`;
    let p = this.answers.get(key);
    if (!p) {
      p = this.secrets.allowOrigin(secret, origin, this.environment ?? undefined);
      this.answers.set(key, p);
    }
    return p;
  }

  private blocked(secret: string, origin: string): string {
    return `secret \`${secret}\` may not be sent to ${origin}; nothing was sent`;
  }

  /** Checks every planned use; throws `secret_blocked` at the place of the first refused one. */
  async checkPlan(uses: readonly SecretUse[], parsed: ParsedIntegration): Promise<void> {
    for (const u of uses) {
      if (!(await this.allowed(u.secret, u.origin))) {
        throw errorAt(parsed, { code: 'secret_blocked', message: this.blocked(u.secret, u.origin), path: u.path });
      }
    }
  }

  /**
   * Checks the secrets a hop carries (found by value) against the hop's origin, and with
   * `withClientCert` (the request's own exchange, not an output) the client certificate's.
   */
  async checkHop(request: OutgoingRequest, withClientCert = false): Promise<void> {
    const origin = originOf(request.url);
    if (!origin) return;
    for (const name of withClientCert ? this.connectionSecrets : []) {
      if (!(await this.allowed(name, origin))) throw new IonError('secret_blocked', this.blocked(name, origin));
    }
    if (this.masker.size === 0) return;
    const text = [request.url.href, ...Object.entries(request.headers).flat(), request.body === undefined ? '' : request.body.toString()].join('\n');
    for (const name of this.masker.namesIn(text)) {
      if (name === '') continue;
      if (!(await this.allowed(name, origin))) throw new IonError('secret_blocked', this.blocked(name, origin));
    }
  }
}
