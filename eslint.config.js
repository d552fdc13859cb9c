// Lint settings: typescript-eslint with type information over src, test and bench, for rules that catch bugs.
import eslint from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', 'results/', 'datasets/', 'node_modules/'] },
  {
    files: ['**/*.ts'],
    extends: [eslint.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // A promise returned from inside try without await escapes its catch and finally.
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      // An abort passes its reason on as it came (a signal's name, an Error): the same latitude as a throw.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingAny: true, allowThrowingUnknown: true }],
      // An async function without await is how an implementation turns a throw into a rejection, as its interface promises.
      '@typescript-eslint/require-await': 'off',
      // An assertion that changes nothing is noise, not a bug.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      'no-console': 'error',
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      // A command is given its streams, folder and environment (src/util/command-context.ts): reading the process's
      // own would go around the caller, and set exitCode rather than exit, so that output is flushed.
      'no-restricted-properties': [
        'error',
        ...['env', 'cwd', 'chdir', 'stdin', 'stdout', 'stderr', 'argv', 'exit', 'exitCode'].map((property) => ({
          object: 'process',
          property,
          message: 'use the CommandContext passed in (bin/gkt hands the process to the CLI)',
        })),
      ],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Tests read records back from JSON and walk them untyped on purpose: their expect() calls check the shapes.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // bin/gkt and this file: plain JavaScript run by Node.
    files: ['bin/gkt', '**/*.js'],
    extends: [eslint.configs.recommended],
    languageOptions: { globals: { process: 'readonly', AbortController: 'readonly' } },
  },
);
