// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'bin/',
      'eslint.config.js',
      'coverage/',
      'bench/fixtures/',
      'test/fixtures/invariants/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/explicit-module-boundary-types': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // Indexed reads are guarded by bounds the code has just checked; `!` states that where TS cannot see it.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['checker/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/spec/**', '**/traces/**', '**/cli/**'], message: 'checker/ knows nothing of Raft.' },
          ],
        },
      ],
    },
  },
  {
    files: ['spec/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/traces/**', '**/cli/**', 'node:*'], message: 'spec/ is pure: no I/O.' }] },
      ],
    },
  },
  {
    files: ['harness/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['**/cli/**'], message: 'harness/ drives the checker; it does not depend on the CLI.' }],
        },
      ],
    },
  },
  {
    files: ['bench/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/cli/**'], message: 'bench/ measures library code, not the CLI.' }] },
      ],
    },
  },
  {
    files: ['traces/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/cli/**'], message: 'traces/ does not depend on the CLI.' }] },
      ],
    },
  },
);
