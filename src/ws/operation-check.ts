import type { SubscribePayload } from 'graphql-ws';
import { GraphQLError, getOperationAST, parse, validate, type DocumentNode } from 'graphql';
import type { Auth } from '../auth/principal';
import { MAX_SUBSCRIPTIONS_PER_SOCKET } from './limits';
import type { Shared } from './server';

/** A subscription's checked request, ready to join or open a shared execution. */
export interface Checked {
  document: DocumentNode;
  variableValues?: Record<string, unknown> | null;
  operationName?: string | null;
}

/** A parse or validation error with the code Apollo gives the same error over HTTP. */
function requestError(error: GraphQLError, code: 'GRAPHQL_PARSE_FAILED' | 'GRAPHQL_VALIDATION_FAILED'): GraphQLError {
  return new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions: { ...error.extensions, code } });
}

/**
 * The same limits as Apollo applies over HTTP, in the same order (tokens, validation, cost), plus
 * the subscriptions-only rule and the per-socket count; nothing here touches the database.
 */
export function checkOperation(shared: Shared, auth: Auth, payload: SubscribePayload, held: number): Checked | GraphQLError[] {
  const { schema, limits } = shared;
  if (held >= MAX_SUBSCRIPTIONS_PER_SOCKET) {
    return [new GraphQLError(`At most ${MAX_SUBSCRIPTIONS_PER_SOCKET} subscriptions per connection`, { extensions: { code: 'BAD_REQUEST' } })];
  }
  let document: DocumentNode;
  try {
    document = parse(payload.query, limits.parseOptions);
  } catch (error) {
    return [requestError(error as GraphQLError, 'GRAPHQL_PARSE_FAILED')];
  }
  const errors = validate(schema, document, limits.allValidationRules);
  if (errors.length > 0) return errors.map((error) => requestError(limits.hideSuggestions(error), 'GRAPHQL_VALIDATION_FAILED'));
  const operation = getOperationAST(document, payload.operationName);
  if (operation?.operation !== 'subscription') {
    return [new GraphQLError('Only subscriptions are served over WebSocket; use HTTP for queries and mutations', { extensions: { code: 'BAD_REQUEST' } })];
  }
  try {
    const cost = limits.checkCost(schema, document, payload.operationName, payload.variables);
    shared.rateLimits.chargeCaller(auth, cost ?? 1);
  } catch (error) {
    if (error instanceof GraphQLError) return [error];
    throw error;
  }
  return { document, variableValues: payload.variables, operationName: payload.operationName };
}
