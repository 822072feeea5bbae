/** Which environment a run uses (pure, unit-tested): the one picked for the file while it still exists, else the file's default. */
import type { IntegrationFile } from '../../core/model';

export function environmentNames(file: IntegrationFile | undefined): string[] {
  const envs = file?.environments;
  return envs && typeof envs === 'object' && !Array.isArray(envs) ? Object.keys(envs) : [];
}

/** `picked` when the file has it; else `defaultEnvironment` when listed; else the first; null when none. */
export function effectiveEnvironment(file: IntegrationFile | undefined, picked: string | undefined): string | null {
  const names = environmentNames(file);
  if (picked !== undefined && names.includes(picked)) return picked;
  const def = file?.defaultEnvironment;
  if (typeof def === 'string' && names.includes(def)) return def;
  return names[0] ?? null;
}
