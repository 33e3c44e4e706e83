// One flat config for the whole monorepo; every workspace runs `eslint .` against it.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Deep imports load one resource class; the barrel loads all of them (~10 s per synth). */
export const providerBarrelRule = [
  'error',
  {
    paths: [
      {
        name: '@cdktf/provider-aws',
        message:
          'The @cdktf/provider-aws barrel makes synth several times slower: import the class by deep path, e.g. "@cdktf/provider-aws/lib/s3-bucket".',
      },
    ],
    patterns: [
      {
        regex: '^@cdktf/provider-aws/lib(/index(\\.js)?)?$',
        message:
          'The @cdktf/provider-aws/lib index re-exports every resource: import the class by deep path, e.g. "@cdktf/provider-aws/lib/s3-bucket".',
      },
    ],
  },
];

export default defineConfig(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/out/**',
      '**/.next/**',
      '**/cdktf.out/**',
      '**/coverage/**',
      '**/test-results/**',
      '**/.turbo/**',
      '**/.services/**',
      '**/next-env.d.ts',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      'no-restricted-imports': providerBarrelRule,
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // Nest's constructor-injected classes and CDKTF's `new Resource(...)` side effects are idiomatic.
      'no-new': 'off',
    },
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      // Jest matchers and test fixtures read untyped JSON on purpose.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['**/*.{js,cjs,mjs}'],
    extends: [tseslint.configs.disableTypeChecked],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
