import type { ApolloServer } from '@apollo/server';
import type { ExecutionResult } from 'graphql';
import type { SubscribePayload } from 'graphql-ws';
import type { Credentials } from '../auth/authenticate';
import { createDeferredContext, type AppDeps, type Context } from '../context';

/**
 * Runs a query or mutation sent over the socket with the socket's credentials (connection_init's),
 * as one HTTP request would run: one pipeline, so the same authentication, limits, cost, rate
 * limits, transaction and error masking.
 */
export type OperationRunner = (payload: SubscribePayload, credentials: Credentials, requestId: string) => Promise<ExecutionResult>;

/** The runner of Apollo's own pipeline (its plugins: limits, idempotency, the request's transaction). */
export function apolloOperationRunner(apollo: ApolloServer<Context>, deps: AppDeps): OperationRunner {
  return async (payload, credentials, requestId) => {
    const contextValue = createDeferredContext(deps, credentials, requestId);
    try {
      const response = await apollo.executeOperation(
        {
          query: payload.query,
          variables: payload.variables ?? undefined,
          operationName: payload.operationName ?? undefined,
          extensions: payload.extensions ?? undefined,
        },
        { contextValue },
      );
      if (response.body.kind !== 'single') throw new Error('Incremental delivery is not served over WebSocket');
      return response.body.singleResult as ExecutionResult;
    } finally {
      // As the HTTP route's safety net: whatever path it took, the connection goes back to the pool.
      await contextValue.db.finish(false).catch(() => undefined);
    }
  };
}
