// ESLint: rules that find bugs (mostly promises the code forgets), not a style preset. Prettier
// owns the layout; `tsc` owns types. Type-aware rules use each file's own tsconfig (the root one
// for src, test, bench, scripts and ormconfig.ts; web/tsconfig.json for web/src).
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    // Generated (web/src/gql by `npm run codegen`), built, or not ours.
    ignores: ['dist/', 'coverage/', 'web/src/gql/', 'bench/.tmp/', 'bench/.build/', 'test/artifacts/', '.data/'],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [js.configs.recommended, tseslint.configs.eslintRecommended],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: {
        // web/codegen.ts is in no tsconfig (graphql-codegen loads it itself): typed with the root one.
        projectService: { allowDefaultProject: ['web/codegen.ts'], defaultProject: 'tsconfig.json' },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      // A promise nobody awaits loses its rejection: Node 24 ends the process on an unhandled one.
      // Not waiting on purpose is written `void promise` (with the reason), or ends in a `.catch`.
      '@typescript-eslint/no-floating-promises': 'error',
      // An async callback where a void one is expected (forEach, an event emitter, setInterval)
      // runs unawaited with its rejection unhandled. JSX event handlers are the exception: web/'s
      // async onSubmit handlers go through useForm's submit, which calls preventDefault before it
      // awaits anything and shows failures in the form (urql resolves with errors, never rejects).
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      // Mixed arrays stay allowed: the read layer's byId answers at once when the row is already read.
      '@typescript-eslint/await-thenable': ['error', { allowMixedPromiseArrays: true }],
      // `return promise` inside try/catch or try/finally skips the catch and runs the finally too
      // early; only that case (the rest is taste).
      '@typescript-eslint/return-await': ['error', 'error-handling-correctness-only'],
      // A thrown or rejected non-Error has no stack and is not an AppError, so formatError masks it
      // without saying where it came from. Rethrowing what a catch caught (unknown) stays allowed.
      '@typescript-eslint/only-throw-error': 'error',
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
      // Cheap, and each is a bug whenever it fires.
      '@typescript-eslint/no-for-in-array': 'error',
      '@typescript-eslint/no-array-delete': 'error',
      '@typescript-eslint/no-implied-eval': 'error',
      '@typescript-eslint/no-unsafe-unary-minus': 'error',
      // A switch without a default that misses a member of its union or enum (style.md: switches
      // over an enum are exhaustive). A switch with a default has chosen what the rest does.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      // Dead imports and variables; `_name` marks one kept on purpose (a positional parameter).
      'no-unused-vars': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrors: 'all',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // Most imports already say `type`, and a type-only import is gone at run time whatever the
      // compiler. Files with decorators are skipped by the rule: type-graphql and TypeORM read the
      // emitted decorator metadata, which needs the class imported as a value.
      // `typeof import(...)` stays allowed for the lazy require()s of src/observability/tracing.ts.
      '@typescript-eslint/consistent-type-imports': ['error', { disallowTypeAnnotations: false }],
      // A `let` read in a closure before its one assignment (server.ts's WebSocket server, which
      // the drain may see undefined) is not a const.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // The two regular expressions with control characters match them on purpose (query labels).
      'no-control-regex': 'off',
      // Left off after a trial run over the tree: no-unsafe-* and no-explicit-any (~3,300 reports
      // at the any-typed edges of pg, graphql and JSON, where a cast is the honest answer),
      // restrict-template-expressions and no-base-to-string (numbers in messages; String() of
      // unknown or ws's RawData, none wrong), no-unnecessary-condition (state changed across an
      // await looks constant to it), unbound-method (Preact hooks' returned functions),
      // require-await (async for a Promise-returning interface is fine), no-non-null-assertion.
    },
  },
);
