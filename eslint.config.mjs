/**
 * Lint (`npm run lint:es`): ESLint with typescript-eslint's type-aware rules. Chosen over Biome because
 * the bugs that cost an extension most are promise bugs — a floating promise in a listener, an async
 * function passed where a sync callback is expected — and only rules that see the types catch them
 * (no-floating-promises, no-misused-promises, await-thenable). Formatting is Prettier's (`npm run format`).
 */
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['.output/**', '.wxt/**', 'node_modules/**'] },
  {
    files: ['**/*.{ts,tsx}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // TypeScript checks names itself, and WXT declares its auto-imports (defineContentScript, browser) as globals.
      'no-undef': 'off',
      // Preact's hooks follow React's rules (components/ uses preact/hooks).
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // An async handler in JSX (onClick={async () => …}) is fine: Preact ignores what it returns, and
      // each handler catches and shows its own errors. Everywhere else a promise where a void callback
      // is expected stays an error.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      // The sanitizers (exports, import text) match control characters on purpose.
      'no-control-regex': 'off',
    },
  },
  {
    // Tests and benchmarks: mocks and page scripts pass untyped values around on purpose.
    files: ['tests/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/require-await': 'off',
      // Fakes reject with plain values and pass methods around as spies.
      '@typescript-eslint/prefer-promise-reject-errors': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    extends: [js.configs.recommended],
    // Benchmarks and e2e scripts also hold functions that run inside a page or the extension, where
    // the bundles they load (PdReader, PaperdeckBench) and the extension APIs are globals.
    languageOptions: {
      globals: { ...globals.node, ...globals.browser, ...globals.webextensions, PdReader: 'readonly', PaperdeckBench: 'readonly' },
    },
    rules: { 'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }] },
  },
);
