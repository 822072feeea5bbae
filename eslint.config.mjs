import tseslint from 'typescript-eslint';

/**
 * Adapters (the extension, the CLI, the demo, the webview, shared messages) reach the core only
 * through its public entries: an area's `index.ts` (`core/engine`, `core/testing`, ...), one of
 * the single-file modules at the top of `src/core` (`core/parse`, `core/result`, ...), or
 * `core/editor/extras` (hover and completion, kept out of the activation bundle). A path into an
 * area, such as `core/engine/run`, fails lint.
 */
const DEEP_CORE = {
  group: ['**/core/*/**', '!**/core/editor/extras'],
  message: 'Import the core area through its entry (core/<area>, its index.ts), not a file inside it.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', '.cache/**', 'src/core/generated/**', 'bench/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The core runs in plain Node and in the CLI: it never sees VS Code (README, Development: layout).
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/core must not import vscode: put editor code in src/extension.' }] }],
    },
  },
  {
    files: ['src/extension/**/*.ts', 'src/cli/**/*.ts', 'src/demo/**/*.ts', 'src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [DEEP_CORE] }],
    },
  },
  {
    // The webview runs in a browser: no Node, no vscode, no core engine.
    files: ['src/webview/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: ['vscode'], patterns: [{ group: ['node:*', '../core/engine*'] }, DEEP_CORE] }],
    },
  },
);
