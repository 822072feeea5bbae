/**
 * The webhook routes of `ion serve` (docs/reference.md#ion-serve): one per method and path, each with
 * its signature check resolved once at start (the secret read through the SecretSource).
 */
import { chooseEnvironment } from '../engine';
import type { IntegrationFile } from '../model';
import type { SecretSource } from '../ports';
import { secretEnvName } from '../template';
import { parseDuration } from '../units';
import type { SignatureCheck } from './signatures';

export interface Hook<T> {
  target: T;
  file: IntegrationFile;
  method: string;
  path: string;
  check?: SignatureCheck;
}

/** A setting or file that keeps `ion serve` from starting (bad usage: exit 2). */
export class ServeSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServeSetupError';
  }
}

function secretName(ref: string): string | undefined {
  return /^\{\{\s*secret\.([A-Za-z_][A-Za-z0-9_-]*)\s*\}\}$/.exec(ref)?.[1];
}

/**
 * The routes of the webhook integrations among `targets`, keyed `METHOD /path`. Throws
 * `ServeSetupError` for two webhooks on one route, an unset signature secret, or an unsigned webhook
 * on a listener that is not loopback.
 */
export async function webhookRoutes<T extends { parsed: { value?: IntegrationFile } }>(
  targets: readonly T[],
  options: { secrets: SecretSource; environment?: string; host: string; loopback: boolean },
): Promise<Map<string, Hook<T>>> {
  const hooks = new Map<string, Hook<T>>();
  for (const t of targets) {
    const file = t.parsed.value as IntegrationFile;
    if (file.trigger?.type !== 'webhook') continue;
    const method = (file.trigger.method ?? 'POST').toUpperCase();
    const path = file.trigger.path ?? `/hooks/${encodeURIComponent(file.name)}`;
    const key = `${method} ${path}`;
    if (hooks.has(key)) throw new ServeSetupError(`${method} ${path} is the webhook of both ${hooks.get(key)!.file.name} and ${file.name}`);
    let check: SignatureCheck | undefined;
    const sig = file.trigger.signature;
    if (sig) {
      const name = secretName(sig.secret);
      const value = name ? await options.secrets.get(name, chooseEnvironment(file, options.environment).name ?? undefined) : undefined;
      if (!name || value === undefined) throw new ServeSetupError(`${file.name}: the signature secret ${name ?? sig.secret} is not set (${secretEnvName(name ?? '')})`);
      const toleranceMs = sig.tolerance === undefined ? undefined : parseDuration(sig.tolerance);
      check = { scheme: sig.scheme, secret: value, header: sig.header, encoding: sig.encoding, prefix: sig.prefix, toleranceMs };
    } else if (!options.loopback) {
      throw new ServeSetupError(`--host ${options.host} listens beyond this machine: every webhook needs a signature, and ${file.name} has none`);
    }
    hooks.set(key, { target: t, file, method, path, check });
  }
  return hooks;
}
