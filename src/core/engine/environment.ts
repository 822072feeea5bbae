/** The chosen environment and its vars (docs/reference.md#environments). */
import type { IntegrationFile, JsonValue } from '../model';
import { UnknownEnvironmentError } from './types';

export interface ChosenEnvironment {
  name: string | null;
  vars: Record<string, JsonValue>;
}

/** `requested`, else `defaultEnvironment`, else the first listed; vars overridden by `overrides`. */
export function chooseEnvironment(file: IntegrationFile, requested?: string, overrides?: Record<string, string>): ChosenEnvironment {
  const envs = file.environments && typeof file.environments === 'object' ? file.environments : {};
  const names = Object.keys(envs);
  let name: string | null;
  if (requested !== undefined) {
    if (!Object.prototype.hasOwnProperty.call(envs, requested)) throw new UnknownEnvironmentError(requested, names);
    name = requested;
  } else if (file.defaultEnvironment && Object.prototype.hasOwnProperty.call(envs, file.defaultEnvironment)) {
    name = file.defaultEnvironment;
  } else {
    name = names[0] ?? null;
  }
  const base = name === null ? {} : (envs[name] ?? {});
  const vars: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(base)) Object.defineProperty(vars, k, { value: v, enumerable: true, writable: true, configurable: true });
  for (const [k, v] of Object.entries(overrides ?? {})) Object.defineProperty(vars, k, { value: v, enumerable: true, writable: true, configurable: true });
  return { name, vars };
}
