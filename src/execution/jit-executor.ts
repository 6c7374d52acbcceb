import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { execute, getVariableValues, GraphQLError, isAbstractType, type DocumentNode, type ExecutionResult, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import type { DataSource } from 'typeorm';
import type { Context } from '../context';
import type { ColumnPlan } from '../db/column-plan';
import { planColumns } from './column-planner';
import { traceExecution } from '../observability/tracing';

type Gateway = ApolloServerOptionsWithGateway<BaseContext>['gateway'];
type Executor = NonNullable<Awaited<ReturnType<Gateway['load']>>['executor']>;

/** Distinct operations remembered; a client sending endless distinct queries only evicts. */
const MAX_COMPILED_QUERIES = 1_000;
/** Seen once, not compiled yet. */
const SEEN = 'seen';

/**
 * graphql-jit reports errors with its own GraphQLError lookalike (no `extensions` object unless
 * the original error had one, no `nodes`): rebuild each as graphql-js's, which Apollo, our error
 * masking and the logs expect, keeping message, locations, path and the original error.
 */
function asGraphQLJsError(error: GraphQLError): GraphQLError {
  const rebuilt = new GraphQLError(error.message, { path: error.path, originalError: error.originalError ?? undefined });
  if (error.locations) Object.defineProperty(rebuilt, 'locations', { value: error.locations, enumerable: true });
  return rebuilt;
}
/**
 * graphql-jit needs `resolveType` to answer synchronously, and type-graphql wraps every
 * `resolveType` in an async function. Our abstract types (Node) resolve by class name (see
 * src/common/node.ts): answer that at once when the class is one of the possible types, else ask
 * the original. The schema object is shared with graphql-js (mutations, WebSocket), which accepts
 * either answer alike.
 */
function resolveTypesSynchronously(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isAbstractType(type) || !type.resolveType) continue;
    const original = type.resolveType;
    const possible = new Set(schema.getPossibleTypes(type).map((possibleType) => possibleType.name));
    type.resolveType = (value, context, info, abstractType) => {
      const name = (value as object | null)?.constructor?.name;
      return name && possible.has(name) ? name : original(value, context, info, abstractType);
    };
  }
}

/**
 * Apollo Server with graphql-jit in place of graphql-js for executing queries: an operation that
 * comes again is compiled once (per query text and operation name) into a JavaScript function that
 * calls the same resolvers, so type-graphql's auth checker, argument validation and our loaders all
 * still run. Only execution changes: parsing, validation (the query limits included),
 * `didResolveOperation` (cost, authentication, rate limits), error formatting and the response
 * stay Apollo's. Measured in bench/results/latest.md.
 *
 * Apollo's seam for this is the gateway interface (`load()` resolving to `{ executor }`), which
 * hands over the schema and then calls the executor for every operation.
 *
 * Mutations (serial, savepoint per field: not a hot path), first sightings and anything graphql-jit
 * cannot compile run on graphql-js exactly as before. Variables are coerced by graphql-js first,
 * so a bad variable is the same BAD_USER_INPUT as without this executor.
 */
export function jitGateway(schema: GraphQLSchema, dataSource: DataSource): Gateway {
  resolveTypesSynchronously(schema);
  // Apollo keeps one parsed document per query text, so this holds one plan per cached document.
  const plans = new WeakMap<DocumentNode, ColumnPlan>();
  const planFor = (document: DocumentNode) => {
    let plan = plans.get(document);
    if (!plan) plans.set(document, (plan = planColumns(schema, dataSource, document)));
    return plan;
  };
  // By query text (Apollo's hash of it) and operation name; bounded, oldest out. An operation is
  // compiled the second time it comes: one-off queries never pay for (or can force) a compilation.
  const compiled = new Map<string, CompiledQuery | null | typeof SEEN>();

  function compiledFor(queryHash: string, document: DocumentNode, operationName: string | undefined): CompiledQuery | null {
    const key = `${queryHash}:${operationName ?? ''}`;
    const known = compiled.get(key);
    if (known !== undefined && known !== SEEN) return known;
    let query: CompiledQuery | null | typeof SEEN = SEEN;
    if (known === SEEN) {
      const result = compileQuery(schema, document, operationName);
      query = isCompiledQuery(result) ? result : null;
    }
    compiled.delete(key);
    if (compiled.size >= MAX_COMPILED_QUERIES) compiled.delete(compiled.keys().next().value!);
    compiled.set(key, query);
    return query === SEEN ? null : query;
  }

  const executor: Executor = async ({ document, operation, operationName, queryHash, request, context }) => {
    const variableValues = request.variables ?? {};
    // Apollo hands over no operation when none matches the request's operationName (the limits
    // plugin refuses those before execution): graphql-js, given the name that was asked for,
    // answers with the error Apollo turns into OPERATION_RESOLUTION_FAILURE.
    const kind = (operation as OperationDefinitionNode | undefined)?.operation;
    // A query reads only the on-demand columns its fields use (src/db/column-plan.ts).
    if (kind === 'query') (context as Context).db.columnPlan = planFor(document);
    const query = kind === 'query' ? compiledFor(queryHash, document, operationName ?? undefined) : null;
    const { auth, requestId } = context as Context;
    // Automatic instrumentation sees HTTP, Express and pg, not this: the span of the execution itself.
    return traceExecution({ operationType: kind, operationName, organisationId: auth.organisationId, requestId, compiled: query !== null }, async () => {
      if (!query) {
        const name = kind ? operationName : request.operationName;
        return (await execute({ schema, document, contextValue: context, variableValues, operationName: name })) as ExecutionResult;
      }
      const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variableValues);
      if (coerced.errors) return { errors: coerced.errors };
      const result = (await query.query(undefined, context, variableValues)) as ExecutionResult;
      return result.errors ? { ...result, errors: result.errors.map(asGraphQLJsError) } : result;
    });
  };

  let listener: Parameters<Gateway['onSchemaLoadOrUpdate']>[0] | undefined;
  return {
    onSchemaLoadOrUpdate(callback) {
      listener = callback;
      return () => {
        listener = undefined;
      };
    },
    async load() {
      listener?.({ apiSchema: schema, coreSupergraphSdl: '' });
      return { executor };
    },
    async stop() {},
  };
}
