/**
 * The engine, loaded on the first run (`await import`) so activation stays cheap: undici, QuickJS
 * and the run machinery are bundled into dist/extension.js but their module bodies only run here.
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
