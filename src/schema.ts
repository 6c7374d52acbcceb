import { writeFileSync } from 'node:fs';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { createPubSub } from '@graphql-yoga/subscription';
import { authChecker } from './auth/auth-checker';
import { DateTimeScalar } from './common/scalars';
import { tuneResolvers } from './execution/schema-tuning';
import { resolvers } from './features';

/**
 * The one schema both transports serve. class-validator runs on every input (forbidding unknown
 * properties is GraphQL's job); the auth checker guards every `@Authorized` field.
 */
export async function createSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers,
    authChecker,
    authMode: 'error',
    validate: { forbidUnknownValues: false },
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    // Our subscriptions bring their own event streams (src/events); type-graphql insists on a
    // PubSub all the same.
    pubSub: createPubSub(),
    emitSchemaFile: false,
  });
  tuneResolvers(schema);
  return schema;
}

/** The SDL checked in as schema.graphql: sorted so that diffs show real changes only. */
export function printSchemaSdl(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}

export function writeSchemaFile(schema: GraphQLSchema, file: string): void {
  writeFileSync(file, printSchemaSdl(schema));
}
