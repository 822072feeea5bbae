/**
 * Fixed dummy values for fixture tests, so CI needs no credentials: `secret.NAME` is
 * `fixture-secret-NAME` (any origin allowed), `env.ION_NAME` is `fixture-env-ION_NAME`.
 */
import type { EnvSource, Random, SecretSource } from '../ports';

export const dummySecret = (name: string): string => `fixture-secret-${name}`;
export const dummyEnv = (name: string): string => `fixture-env-${name}`;

export const fixtureSecrets: SecretSource = {
  get: async (name) => dummySecret(name),
  allowOrigin: async () => true,
};

/** Answers every `ION_*` name (not `ION_SECRET_*`, which the engine refuses anyway) with its dummy. */
export function fixtureEnv(): EnvSource {
  const known = (name: string) => name.startsWith('ION_') && !name.startsWith('ION_SECRET_');
  return new Proxy(Object.create(null) as Record<string, string | undefined>, {
    get: (_t, name) => (typeof name === 'string' && known(name) ? dummyEnv(name) : undefined),
    has: (_t, name) => typeof name === 'string' && known(name),
  });
}

/** mulberry32: the same jitter on every run, so virtual waits and `maxDurationMs` are reproducible. */
export function seededRandom(seed = 1): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}
