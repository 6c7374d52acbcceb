import type { SubscribePayload } from 'graphql-ws';
import { GraphQLError, parse, validate, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import type { Auth } from '../auth/principal';
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

/** A parse or validation error with the code Apollo gives the same error over HTTP. */
function requestError(error: GraphQLError, code: 'GRAPHQL_PARSE_FAILED' | 'GRAPHQL_VALIDATION_FAILED'): GraphQLError {
  return new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions: { ...error.extensions, code } });
}

/**
 * The same limits as Apollo applies over HTTP, in the same order (tokens, repeated fields,
 * validation, operation resolution, NUL in arguments, cost), plus
 * the subscriptions-only rule, the per-socket count and the caps of the socket's organisation and
 * user (which it checks, not counts); nothing here touches the database.
 */
export function checkOperation(services: ProtocolServices, auth: Auth, holder: CapHolder, payload: SubscribePayload, held: number): Checked | GraphQLError[] {
  const { schema, limits } = services;
  if (held >= MAX_SUBSCRIPTIONS_PER_SOCKET) {
    return [new GraphQLError(`At most ${MAX_SUBSCRIPTIONS_PER_SOCKET} subscriptions per connection`, { extensions: { code: 'BAD_REQUEST' } })];
  }
  const capped = services.caps.checkSubscription(holder);
  if (capped) return [capped];
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
  if (operation.operation !== 'subscription') {
    return [new GraphQLError('Only subscriptions are served over WebSocket; use HTTP for queries and mutations', { extensions: { code: 'BAD_REQUEST' } })];
  }
  let cost: number;
  try {
    cost = limits.checkCost(schema, document, payload.operationName, payload.variables) ?? 1;
    services.rateLimits.chargeCaller(auth, cost);
  } catch (error) {
    if (error instanceof GraphQLError) return [error];
    throw error;
  }
  return { document, variableValues: payload.variables, operationName: payload.operationName, cost };
}
