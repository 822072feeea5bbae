/**
 * Hover (croner, cronstrue, the schema docs) and completion are loaded on first use, not at
 * activation. In the build this `import('./editor-extras')` is a split point (esbuild.mjs): it
 * becomes `require('./editor-extras.js')`, a separate bundle next to dist/extension.js.
 */
export type EditorExtras = typeof import('./editor-extras');

let loading: Promise<EditorExtras> | undefined;

export function loadEditorExtras(): Promise<EditorExtras> {
  loading ??= import('./editor-extras');
  return loading;
}
