// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import astro from 'eslint-plugin-astro';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'dist.next/**',
      'dist.old/**',
      '.astro/**',
      'node_modules/**',
      'workspace/**',
      'test-results/**',
      'playwright-report/**',
      'bench-results/**',
      // Learner trees are deliberately imperfect (starters, wrong variants): they are checked by `npm run verify`.
      'exercises/*/starter/**',
      'exercises/*/solution/**',
      'exercises/*/variants/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...astro.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);
