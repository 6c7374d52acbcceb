import type { IncomingMessage, Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import { GraphQLError, getOperationAST, parse, validate, type ExecutionArgs, type GraphQLSchema } from 'graphql';
import { authenticate, type Credentials } from './auth/authenticate';
import type { Auth } from './auth/principal';
import { createContext, type AppDeps, type Context } from './context';
import { formatError, isExposed } from './errors';
import { SharedSubscriptions } from './events/shared-subscriptions';
import type { QueryLimits } from './limits/query-limits';
import type { RateLimits } from './limits/rate-limits';

export interface WebSocketHandle {
  dispose(): Promise<void>;
}

/** Per-socket state kept by graphql-ws between messages. */
type SocketState = {
  auth?: Auth;
  credentials?: Credentials;
  subscriptions?: number;
  /** Ends the socket's watch on its own credentials (expiry timer, revocation listener). */
  release?: () => void;
};

/** Frames above this are refused by ws itself (close 1009) before any parsing. */
export const MAX_PAYLOAD_BYTES = 64 * 1024;
/** Subscriptions one socket may hold at once. */
export const MAX_SUBSCRIPTIONS_PER_SOCKET = 100;
const FORBIDDEN = 4403;

/** Events that may take this socket's access away: re-check its credentials when one arrives. */
const ACCESS_EVENTS = new Set(['API_KEY_REVOKED', 'MEMBER_REMOVED', 'MEMBER_ROLE_CHANGED']);

function payloadString(params: Record<string, unknown> | undefined, key: string): string | null {
  const value = params?.[key];
  return typeof value === 'string' ? value : null;
}

async function check(deps: AppDeps, credentials: Credentials): Promise<Auth | null> {
  const { auth, db } = await authenticate(deps.dataSource, deps.authKey, credentials);
  await db.finish(true);
  return auth.failure || !auth.organisationId || !auth.role ? null : auth;
}

/**
 * Closes the socket when its access ends: at the token's expiry, and when its API key is revoked or
 * its membership removed (both arrive as activity events of its organisation).
 */
async function watchAccess(deps: AppDeps, socket: WebSocket, auth: Auth, credentials: Credentials): Promise<() => void> {
  const close = (reason: string) => socket.close(FORBIDDEN, reason);
  const timer = auth.expiresAt ? setTimeout(() => close('Token expired'), Math.max(0, auth.expiresAt * 1000 - Date.now())) : undefined;
  timer?.unref();
  const concernsMe = (entityId: string | null) => entityId !== null && (entityId === auth.apiKey?.id || entityId === auth.membershipId);
  const registration = await deps.events.subscribe(auth.organisationId!, (row) => {
    if (!ACCESS_EVENTS.has(row.type) || !concernsMe(row.entityId)) return;
    void check(deps, credentials).then(
      (still) => still ?? close('Access revoked'),
      () => close('Access could not be verified'),
    );
  });
  return () => {
    if (timer) clearTimeout(timer);
    registration.unsubscribe();
  };
}

/** A parse or validation error with the code Apollo gives the same error over HTTP. */
function requestError(error: GraphQLError, code: 'GRAPHQL_PARSE_FAILED' | 'GRAPHQL_VALIDATION_FAILED'): GraphQLError {
  return new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions: { ...error.extensions, code } });
}

/**
 * Cross-site WebSocket hijacking guard: a browser always sends Origin, so an upgrade from a page of
 * another site is refused (403) unless that origin is configured. Credentials travel in
 * connection_init, never in cookies, so this is a second wall, not the first.
 */
export function originAllowed(req: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/**
 * graphql-ws on the HTTP server's `/graphql`. It runs graphql-js directly, bypassing Apollo's
 * pipeline, so authentication, the subscriptions-only rule, limits and error masking are applied
 * here, the same as over HTTP.
 */
export function createWebSocketServer(deps: AppDeps, schema: GraphQLSchema, httpServer: Server, limits: QueryLimits, rateLimits: RateLimits): WebSocketHandle {
  const wss = new WebSocketServer({
    server: httpServer,
    path: '/graphql',
    maxPayload: MAX_PAYLOAD_BYTES,
    verifyClient: ({ req }: { req: IncomingMessage }, done: (ok: boolean, status?: number, message?: string) => void) =>
      originAllowed(req, deps.config.allowedOrigins) ? done(true) : done(false, 403, 'Origin not allowed'),
  });
  const shared = new SharedSubscriptions();
  const server = useServer<Record<string, unknown> | undefined, SocketState>(
    {
      schema,
      // One execution per event for all sockets subscribed alike (see SharedSubscriptions).
      subscribe: shared.subscribe,
      connectionInitWaitTimeout: 3_000,
      onConnect: async (ctx) => {
        const credentials: Credentials = {
          authorization: payloadString(ctx.connectionParams, 'authorization'),
          organisation: payloadString(ctx.connectionParams, 'organisation'),
        };
        const auth = await check(deps, credentials);
        if (!auth) return false;
        ctx.extra.auth = auth;
        ctx.extra.credentials = credentials;
        ctx.extra.subscriptions = 0;
        ctx.extra.release = await watchAccess(deps, ctx.extra.socket, auth, credentials);
        return true;
      },
      onClose: (ctx) => ctx.extra.release?.(),
      onSubscribe: (ctx, _id, payload) => {
        if ((ctx.extra.subscriptions ?? 0) >= MAX_SUBSCRIPTIONS_PER_SOCKET) {
          return [new GraphQLError(`At most ${MAX_SUBSCRIPTIONS_PER_SOCKET} subscriptions per connection`, { extensions: { code: 'BAD_REQUEST' } })];
        }
        // The same limits as Apollo applies over HTTP, in the same order: tokens, validation, cost.
        let document;
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
          rateLimits.chargeCaller(ctx.extra.auth ?? {}, cost ?? 1);
        } catch (error) {
          if (error instanceof GraphQLError) return [error];
          throw error;
        }
        ctx.extra.subscriptions = (ctx.extra.subscriptions ?? 0) + 1;
        return { schema, document, variableValues: payload.variables, operationName: payload.operationName } satisfies ExecutionArgs;
      },
      onComplete: (ctx) => {
        ctx.extra.subscriptions = Math.max(0, (ctx.extra.subscriptions ?? 1) - 1);
      },
      context: async (ctx): Promise<Context> => createContext(deps, ctx.extra.credentials ?? {}, randomUUID()),
      onError: (_ctx, _id, _payload, errors) => errors.map((error) => formatError(error.toJSON(), error)),
      onNext: async (_ctx, _id, _payload, args, result) => {
        const context = args.contextValue as Context;
        // The event is resolved: give its connection back before waiting for the next one.
        await context.db.finish(true).catch((error: unknown) => context.log.error({ err: error }, 'event scope commit failed'));
        for (const error of result.errors ?? []) {
          if (!isExposed(error)) context.log.error({ err: error.originalError ?? error }, 'internal error');
        }
        if (!result.errors) return result;
        return { ...result, errors: result.errors.map((error) => formatError(error.toJSON(), error)) };
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
