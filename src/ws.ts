import type { Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import { GraphQLError, getOperationAST, parse, validate, type ExecutionArgs, type GraphQLSchema } from 'graphql';
import { authenticate } from './auth/authenticate';
import type { Auth } from './auth/principal';
import { createContext, type AppDeps, type Context } from './context';
import { formatError, isExposed } from './errors';

export interface WebSocketHandle {
  dispose(): Promise<void>;
}

/** Per-socket state kept by graphql-ws between messages. */
type SocketState = {
  auth?: Auth;
  credentials?: { authorization: string | null; organisation: string | null };
};

const MAX_PAYLOAD_BYTES = 64 * 1024;

function payloadString(params: Record<string, unknown> | undefined, key: string): string | null {
  const value = params?.[key];
  return typeof value === 'string' ? value : null;
}

/**
 * graphql-ws on the HTTP server's `/graphql`. It runs graphql-js directly, bypassing Apollo's
 * pipeline, so authentication, the subscriptions-only rule and error masking are applied here.
 */
export function createWebSocketServer(deps: AppDeps, schema: GraphQLSchema, httpServer: Server): WebSocketHandle {
  const wss = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: MAX_PAYLOAD_BYTES });
  const server = useServer<Record<string, unknown> | undefined, SocketState>(
    {
      schema,
      connectionInitWaitTimeout: 3_000,
      onConnect: async (ctx) => {
        const credentials = {
          authorization: payloadString(ctx.connectionParams, 'authorization'),
          organisation: payloadString(ctx.connectionParams, 'organisation'),
        };
        const { auth, db } = await authenticate(deps.dataSource, deps.authKey, credentials);
        await db.finish(true);
        if (auth.failure || (!auth.userId && !auth.apiKey)) return false;
        ctx.extra.auth = auth;
        ctx.extra.credentials = credentials;
        return true;
      },
      onSubscribe: (_ctx, _id, payload) => {
        let document;
        try {
          document = parse(payload.query);
        } catch (error) {
          return [error as GraphQLError];
        }
        const errors = validate(schema, document);
        if (errors.length > 0) return errors;
        const operation = getOperationAST(document, payload.operationName);
        if (operation?.operation !== 'subscription') {
          return [new GraphQLError('Only subscriptions are served over WebSocket; use HTTP for queries and mutations', { extensions: { code: 'BAD_REQUEST' } })];
        }
        return { schema, document, variableValues: payload.variables, operationName: payload.operationName } satisfies ExecutionArgs;
      },
      context: async (ctx): Promise<Context> => {
        const credentials = ctx.extra.credentials ?? { authorization: null, organisation: null };
        return createContext(deps, credentials, randomUUID());
      },
      onError: (_ctx, _id, _payload, errors) => errors.map((error) => formatError(error, error)),
      onNext: (_ctx, _id, _payload, args, result) => {
        const context = args.contextValue as Context;
        for (const error of result.errors ?? []) {
          if (!isExposed(error)) context.log.error({ err: error.originalError ?? error }, 'internal error');
        }
        return { ...result, errors: result.errors?.map((error) => formatError(error.toJSON(), error)) };
      },
    },
    wss,
  );
  return {
    async dispose() {
      for (const client of wss.clients) client.close(1001, 'Server shutting down');
      await server.dispose();
    },
  };
}
