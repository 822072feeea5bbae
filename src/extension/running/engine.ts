/**
 * The engine (undici, QuickJS, outputs, the test runner), loaded on the first run so activation
 * stays cheap. In the build this `import('./engine-impl')` is a split point (esbuild.mjs): it
 * becomes `require('./engine.js')`, a separate bundle next to dist/extension.js, so none of its
 * bytes are read or parsed at activation. Under tsx (unit tests) it is a plain dynamic import.
 */
export type Engine = typeof import('./engine-impl');

let loading: Promise<Engine> | undefined;
let loaded = false;

export function loadEngine(): Promise<Engine> {
  loading ??= import('./engine-impl').then((m) => {
    loaded = true;
    return m;
  });
  return loading;
}

/** Whether the engine has been loaded (the host tests check activation does not). */
export function engineLoaded(): boolean {
  return loaded;
}

/**
 * Closes the HTTP connection pools the engine opened and terminates the transform workers
 * (deactivation); nothing when it was never loaded.
 */
export async function closeEngine(): Promise<void> {
  if (!loaded || !loading) return;
  const engine = await loading;
  await Promise.all([engine.closeSharedTransports(), engine.closeTransformWorkers()]);
}
