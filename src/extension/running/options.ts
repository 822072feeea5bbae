/**
 * The arguments of `gatewayIon.run` (pure, unit-tested): an optional file (a Uri or a string) and
 * `{ env, input, vars, outputs }`. CodeLenses and menus pass a Uri; automation may pass either.
 * Bad options are a clear Error, never a half-applied run.
 */
import type { JsonValue } from '../../core/model';

export interface RunCommandOptions {
  /** The environment (default: the one picked for the file, else the file's default). */
  env?: string;
  /** The run's input; replaces `trigger.input` as a whole. */
  input?: Record<string, JsonValue>;
  /** Overrides of the environment's vars (`--var k=v`). */
  vars?: Record<string, string>;
  /** Whether `output.to` runs (default true). */
  outputs?: boolean;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks the options object; throws an Error that names the bad field. */
export function parseRunOptions(raw: unknown): RunCommandOptions {
  if (raw === undefined || raw === null) return {};
  if (!isPlainObject(raw)) throw new Error('gatewayIon.run: the options must be an object { env, input, vars, outputs }');
  const out: RunCommandOptions = {};
  if (raw.env !== undefined) {
    if (typeof raw.env !== 'string' || raw.env === '') throw new Error('gatewayIon.run: `env` must be an environment name');
    out.env = raw.env;
  }
  if (raw.input !== undefined) {
    if (!isPlainObject(raw.input)) throw new Error('gatewayIon.run: `input` must be an object, such as { "login": "octocat" }');
    out.input = JSON.parse(JSON.stringify(raw.input)) as Record<string, JsonValue>;
  }
  if (raw.vars !== undefined) {
    if (!isPlainObject(raw.vars)) throw new Error('gatewayIon.run: `vars` must be an object of strings');
    const vars: Record<string, string> = {};
    for (const [k, v] of Object.entries(raw.vars)) {
      if (typeof v !== 'string') throw new Error(`gatewayIon.run: vars.${k} must be a string`);
      Object.defineProperty(vars, k, { value: v, enumerable: true, writable: true, configurable: true });
    }
    out.vars = vars;
  }
  if (raw.outputs !== undefined) {
    if (typeof raw.outputs !== 'boolean') throw new Error('gatewayIon.run: `outputs` must be true or false');
    out.outputs = raw.outputs;
  }
  return out;
}

/**
 * The environment the engine reads: the process's, plus VS Code's `http.proxy` as HTTPS_PROXY and
 * HTTP_PROXY (the setting wins: it is what the user set in the editor) and `http.noProxy` as NO_PROXY.
 */
export function engineEnv(
  processEnv: Readonly<Record<string, string | undefined>>,
  proxy: string | undefined,
  noProxy: readonly string[] | undefined,
): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...processEnv };
  const p = proxy?.trim();
  if (p) {
    env.HTTPS_PROXY = p;
    env.HTTP_PROXY = p;
  }
  if (noProxy && noProxy.length > 0) env.NO_PROXY = noProxy.join(',');
  return env;
}
