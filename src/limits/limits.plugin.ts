import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { Context } from '../context';
import type { QueryLimits } from './query-limits';
import { identified, type RateLimits, type RateLimitStatus } from './rate-limits';

/** Authenticates once; a database that cannot be reached is masked by formatError and logged with its cause. */
async function authenticated(contextValue: Context): Promise<void> {
  await contextValue.authenticate().catch((error: unknown) => {
    throw new GraphQLError('Internal server error', { originalError: error instanceof Error ? error : new Error(String(error)), extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });
}

/**
 * The HTTP request's first gate, run when its context is made (before Apollo parses or validates
 * anything; a throw here is Apollo's answer, with the error's status and headers: thrown from a
 * pipeline hook before didResolveOperation, it would be a 500). A request without credentials
 * (no Authorization) is charged to its client address: 429 RATE_LIMITED once
 * ANONYMOUS_REQUESTS_PER_MINUTE is spent, so an anonymous flood, valid documents or not, is
 * refused before parsing and validation cost anything. From an address that has spent it, a
 * request with credentials has them checked here, first: refused if they fail, served as ever if
 * they are valid (a valid caller is limited by its own bucket, never by its address's).
 */
export async function admitByAddress(ctx: Context, rateLimits: RateLimits, authorization: string | undefined): Promise<void> {
  const ip = ctx.clientIp;
  if (!ip) return;
  if (!authorization?.trim()) return rateLimits.chargeAddress(ip);
  if (!(await rateLimits.addressExhausted(ip))) return;
  await authenticated(ctx).catch((error: GraphQLError) => {
    // Apollo logs nothing of a failed context: log it as requestTransactionPlugin would.
    ctx.log.error({ err: error.originalError ?? error }, 'internal error');
    throw error;
  });
  if (!identified(ctx.auth)) await rateLimits.chargeAddress(ip);
}

/**
 * The HTTP request's gate between validation and execution (after {@link admitByAddress}), in
 * this order: price the operation (400 over the cost limit), count logIn/signUp attempts per
 * client IP, and only then authenticate (the first SQL of the request), charge credentials that
 * failed to the client address (requests without any were charged before), and charge the
 * caller's bucket (its organisation's, or outside any organisation the user's; 429). Depth, aliases, directives, tokens and selections were checked
 * by parsing and validation before (repeated fields when the context is made, see
 * QueryLimits.checkSource), and an operation that cannot be resolved, or a NUL in any string
 * argument, is refused (400) before the cost; successful responses report `extensions.cost` and
 * `extensions.rateLimit`.
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
          limits.resolveOperation(document, request.operationName);
          limits.checkArguments(document, request.variables);
          cost = limits.checkCost(schema, document, request.operationName, request.variables);
          if (operation?.operation === 'mutation' && contextValue.clientIp) {
            await rateLimits.chargeCredentialAttempts(contextValue.clientIp, document, operation);
          }
          await authenticated(contextValue);
          // Credentials that failed (an address that had spent its budget refused them already).
          if (contextValue.clientIp && request.http?.headers.get('authorization')?.trim() && !identified(contextValue.auth)) {
            await rateLimits.chargeAddress(contextValue.clientIp);
          }
          status = await rateLimits.chargeCaller(contextValue.auth, cost ?? 1);
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
