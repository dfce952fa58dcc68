// ESLint: typescript-eslint's recommended rules (with type information) for the sources, tests and scripts.
// Formatting is Prettier's job; eslint-config-prettier turns off the rules that would fight it.
import { builtinModules } from 'node:module'
import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'bench/results*', '**/*.tmp.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    // The rules: pure functions of their arguments (the clock is passed in), so they are unit-tested and fuzzed
    // directly. No I/O: no Node built-ins, no toolkit, no Fastly or GitHub client.
    files: [
      'src/verify/verdict.ts',
      'src/verify/expiry.ts',
      'src/verify/permissions.ts',
      'src/verify/verify-report.ts',
      'src/verify/as-asked.ts',
      'src/revoke/revocation-plan.ts',
      'src/revoke/post-decision.ts',
      'src/revoke/revocation-result.ts',
      'src/audit/classify.ts',
      'src/audit/audit-entry.ts',
      'src/audit/issue-content.ts',
      'src/audit/audit-summary.ts',
      'src/audit/merge-tokens.ts',
      'src/audit/audit-plan.ts',
      'src/report/*.ts',
      'src/inputs/parsers.ts',
      'src/inputs/duration.ts',
      'src/inputs/api-url.ts',
      'src/inputs/token-ids.ts',
      'src/inputs/input-table.ts',
      'src/inputs/unused-inputs.ts',
      'src/inputs/otp-secret.ts',
      'src/inputs/environment.ts',
      'src/mint/base32.ts',
      'src/mint/mint-request.ts',
      'src/mint/mint-failure.ts',
      'src/mint/mint-summary.ts',
      'src/shared/*.ts',
      'src/fastly/token.ts',
      'src/fastly/automation-page.ts',
      'src/fastly/token-id.ts',
      'src/fastly/retry-policy.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // node:fs and the bare fs alike.
              regex: `^(node:|(${builtinModules.map((name) => name.replace(/[/]/g, '\\/')).join('|')})(/|$))`,
              message: 'Rules are pure: do the I/O in the step or an adapter and pass the result in.',
            },
            { regex: '^@actions/', message: 'Rules are pure: the toolkit belongs to src/runner/ and src/github/.' },
            {
              regex:
                '(^|/)(fastly/(client|exchange|transport)|github/issues|runner/toolkit|inputs/settings|audit/(audit-file|run-audit|issue-sync)|revoke/(revoke-tokens|revoke-current|run-revocations)|mint/mint-token|steps/[\\w-]+)\\.js$',
              message: 'Rules are pure: they take data, not clients or adapters.',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  { files: ['**/*.js', '**/*.mjs'], languageOptions: { globals: globals.node } },
  prettier,
)
