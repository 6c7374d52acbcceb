import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * GraphQL Code Generator: every `graphql(...)` document under web/src, checked against the
 * server's schema.graphql, becomes a typed document in web/src/gql (committed). `npm run codegen`
 * writes it; test/web-codegen.test.ts fails when the committed files are not what this produces.
 * Paths are relative to the repository root, where npm runs scripts.
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['web/src/**/*.{ts,tsx}', '!web/src/gql/**'],
  ignoreNoDocuments: false,
  generates: {
    'web/src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        // Types only: no runtime enums in the bundle.
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { Date: 'string', DateTime: 'string' },
        strictScalars: true,
      },
    },
  },
};

export default config;
