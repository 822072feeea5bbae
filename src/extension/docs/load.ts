/**
 * Loads dist/docs-view.js (docs-view.ts) once. `docsViewNow()` is the module when it has loaded
 * (for synchronous callers, such as a diagnostics source), else undefined after starting the load.
 */
export type DocsView = typeof import('./docs-view');

let loading: Promise<DocsView> | undefined;
let loaded: DocsView | undefined;
const waiting: Array<() => void> = [];

export function loadDocsView(): Promise<DocsView> {
  loading ??= import('./docs-view').then((m) => {
    loaded = m;
    for (const w of waiting.splice(0)) w();
    return m;
  });
  return loading;
}

export function docsViewNow(): DocsView | undefined {
  if (!loaded) void loadDocsView();
  return loaded;
}

/** Runs `f` once the module has loaded (at once when it has); does not start the load. */
export function whenDocsViewLoaded(f: () => void): void {
  if (loaded) f();
  else waiting.push(f);
}
