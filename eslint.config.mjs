// ESLint flat config: typescript-eslint's recommended rules plus the type-aware ones that catch
// promise mistakes (a promise nobody awaits, a promise where a callback is expected); formatting is
// Prettier's job.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['**/dist/**', 'docs/**', 'coverage/**', '.bench/**', '**/node_modules/**'],
  },
  // The fresh-app templates are checked where they run: tsc (strict) in their own app, against the
  // packed packages (scripts/check-fresh-app.mjs).
  { ignores: ['scripts/fresh-app/*.ts', 'scripts/fresh-app/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['jest.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Security: a token must never reach a log line.
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    // Tests, and the example servers that print where they listen.
    files: ['**/test/**/*.ts', 'test/**/*.ts', 'examples/*/src/server.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        AbortSignal: 'readonly',
        performance: 'readonly',
        global: 'readonly',
      },
    },
  },
  prettier,
);
