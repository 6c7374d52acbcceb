import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { Context } from '../context';
import type { QueryLimits } from './query-limits';
import type { RateLimits, RateLimitStatus } from './rate-limits';

/**
 * The HTTP request's gate between validation and execution, in this order: price the operation
 * (400 over the cost limit), count logIn/signUp attempts per client IP, and only then
 * authenticate (the first SQL of the request) and charge the organisation's bucket (429).
 * Depth, aliases, directives, tokens and selections were checked by parsing and validation
 * before; successful responses report `extensions.cost` and `extensions.rateLimit`.
 *
 * Apollo runs plugins' `didResolveOperation` hooks concurrently: whatever must follow these
 * checks (idempotency keys) belongs in `responseForOperation` or later.
 */
export function limitsPlugin(limits: QueryLimits, rateLimits: RateLimits): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      let cost: number | null = null;
      let status: RateLimitStatus | null = null;
      return {
        async didResolveOperation({ contextValue, document, operation, request, schema }) {
          cost = limits.checkCost(schema, document, request.operationName, request.variables);
          if (operation?.operation === 'mutation' && contextValue.clientIp) {
            rateLimits.chargeCredentialAttempts(contextValue.clientIp, document, operation);
          }
          await contextValue.authenticate().catch((error: unknown) => {
            // A database that cannot be reached: masked by formatError, logged with the cause.
            throw new GraphQLError('Internal server error', { originalError: error instanceof Error ? error : new Error(String(error)), extensions: { code: 'INTERNAL_SERVER_ERROR' } });
          });
          status = rateLimits.chargeCaller(contextValue.auth, cost ?? 1);
        },
        async willSendResponse({ response }) {
          if (cost === null || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, cost, ...(status ? { rateLimit: status } : {}) };
        },
      };
    },
  };
}
