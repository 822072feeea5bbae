/** Running an integration from YAML text in tests: fake clock, seeded random, a fresh transport and token cache. */
import { join } from 'node:path';
import { TokenCache } from '../../src/core/auth/token-cache';
import { runIntegration, type RunOptions } from '../../src/core/engine/run';
import { createDefaultTransport, type HttpTransport } from '../../src/core/http/transport';
import { parseIntegration } from '../../src/core/parse';
import type { SecretSource } from '../../src/core/ports';
import type { RunResult } from '../../src/core/result';
import { fakeClock, seededRandom, type FakeClock } from './clock';

export const FIXTURE_FILE = join(__dirname, '..', 'fixtures', 'test.ion.yaml');

/** Secrets from a map; `origins` binds names to origin lists (unbound: any origin). */
export function mapSecrets(values: Record<string, string>, origins: Record<string, string[]> = {}): SecretSource & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    get: async (name, env) => values[env ? `${name}@${env}` : ''] ?? values[name],
    allowOrigin: async (name, origin) => {
      asked.push(`${name} ${origin}`);
      return origins[name] ? origins[name].includes(origin) : true;
    },
  };
}

export interface TestRun {
  result: RunResult;
  clock: FakeClock;
}

export async function runYaml(
  yaml: string,
  options: Partial<RunOptions> & { transport?: HttpTransport } = {},
): Promise<TestRun> {
  const parsed = parseIntegration(yaml);
  const clock = (options.clock as FakeClock | undefined) ?? fakeClock();
  const transport = options.transport ?? createDefaultTransport();
  try {
    const result = await runIntegration(parsed, {
      file: FIXTURE_FILE,
      secrets: mapSecrets({}),
      env: {},
      clock,
      random: seededRandom(42),
      tokenCache: new TokenCache(),
      ...options,
      transport,
    });
    return { result, clock };
  } finally {
    if (!options.transport) await transport.close();
  }
}
