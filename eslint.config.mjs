// ESLint, run by `npm test` (npm run lint): typescript-eslint's recommended type-aware rules over
// the sources, tests and benchmarks. Rules turned off below say why in one line.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '**/*.js', '**/*.cjs', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Memory twins and test fakes implement async interfaces without anything to await.
      '@typescript-eslint/require-await': 'off',
      // A leading underscore marks a deliberately unused name; rest siblings drop a key from a copy.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Passing a rejection on as received (of unknown type) invents nothing; only non-Error literals are refused.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
    },
  },
);
