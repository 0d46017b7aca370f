// Lint rules: typescript-eslint's recommended set over the TypeScript sources.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/', 'test-output/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['projections/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: {
        fromAll: 'readonly',
        fromCategory: 'readonly',
        fromCategories: 'readonly',
        fromStream: 'readonly',
        fromStreams: 'readonly',
        emit: 'readonly',
        linkTo: 'readonly',
        copyTo: 'readonly',
        log: 'readonly',
        options: 'readonly',
      },
    },
  },
);
