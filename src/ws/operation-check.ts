import type { SubscribePayload } from 'graphql-ws';
import { GraphQLError, parse, validate, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import type { CapHolder } from './caps';
import { MAX_SUBSCRIPTIONS_PER_SOCKET } from './limits';
import type { ProtocolServices } from './protocol-services';

/** A subscription's checked request, ready to join or open a shared execution. */
export interface Checked {
  document: DocumentNode;
  variableValues?: Record<string, unknown> | null;
  operationName?: string | null;
  /** Its cost (src/limits/query-cost.ts): charged when it starts, and again for every event it delivers. */
  cost: number;
}

/**
 * A query or mutation: it passed the checks that decide what the operation is, and runs through
 * the HTTP pipeline (src/ws/operation-runner.ts), which applies every other limit itself.
 */
export const RUN_AS_OVER_HTTP = Symbol('query or mutation');

/** A parse or validation error with the code Apollo gives the same error over HTTP. */
function requestError(error: GraphQLError, code: 'GRAPHQL_PARSE_FAILED' | 'GRAPHQL_VALIDATION_FAILED'): GraphQLError {
  return new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions: { ...error.extensions, code } });
}

/**
 * The same limits as Apollo applies over HTTP, in the same order (tokens, repeated fields,
 * validation, operation resolution, NUL in arguments, cost), plus the per-socket count (of
 * subscriptions and operations in flight) and, for a subscription, the caps of the socket's
 * organisation and user (which it checks, not counts); nothing here touches the database or
 * waits, so the socket's next message finds this one's id and caps already taken (the caller then
 * charges the cost, which may wait on a shared store). A query or mutation stops at operation
 * resolution: {@link RUN_AS_OVER_HTTP}.
 */
export function checkOperation(services: ProtocolServices, holder: CapHolder, payload: SubscribePayload, held: number): Checked | typeof RUN_AS_OVER_HTTP | GraphQLError[] {
  const { schema, limits } = services;
  if (held >= MAX_SUBSCRIPTIONS_PER_SOCKET) {
    return [new GraphQLError(`At most ${MAX_SUBSCRIPTIONS_PER_SOCKET} subscriptions per connection`, { extensions: { code: 'BAD_REQUEST' } })];
  }
  let document: DocumentNode;
  try {
    document = parse(payload.query, limits.parseOptions);
  } catch (error) {
    return [requestError(error as GraphQLError, 'GRAPHQL_PARSE_FAILED')];
  }
  let operation: OperationDefinitionNode;
  try {
    limits.checkDocument(document);
    const errors = validate(schema, document, limits.allValidationRules);
    if (errors.length > 0) return errors.map((error) => requestError(limits.hideSuggestions(error), 'GRAPHQL_VALIDATION_FAILED'));
    operation = limits.resolveOperation(document, payload.operationName);
    limits.checkArguments(document, payload.variables);
  } catch (error) {
    if (error instanceof GraphQLError) return [error];
    throw error;
  }
  if (operation.operation !== 'subscription') return RUN_AS_OVER_HTTP;
  const capped = services.caps.checkSubscription(holder);
  if (capped) return [capped];
  let cost: number;
  try {
    cost = limits.checkCost(schema, document, payload.operationName, payload.variables) ?? 1;
  } catch (error) {
    if (error instanceof GraphQLError) return [error];
    throw error;
  }
  return { document, variableValues: payload.variables, operationName: payload.operationName, cost };
}
