import type { IncomingMessage, Server } from 'node:http';
import { WebSocket, WebSocketServer } from 'ws';
import { MessageType, handleProtocols } from 'graphql-ws';
import type { GraphQLSchema } from 'graphql';
import type { AppDeps } from '../context';
import { AccessWatch } from '../events/access-watch';
import { SharedSubscriptions } from '../events/shared-subscriptions';
import type { QueryLimits } from '../limits/query-limits';
import type { RateLimits } from '../limits/rate-limits';
import { ConnectionCaps } from './caps';
import { clientAddress } from '../limits/client-address';
import { Connection } from './connection';
import { KeepAlive } from './keepalive';
import { MAX_FRAGMENTS, MAX_PAYLOAD_BYTES } from './limits';
import { masked } from './masking';
import { originAllowed } from './origin';

export interface WebSocketHandle {
  dispose(): Promise<void>;
}

/** How long `dispose` waits for clients to answer the close handshake before cutting them off. */
const CLOSE_WAIT_MS = 1_000;

/** What every connection of one server shares. */
export interface Shared {
  deps: AppDeps;
  schema: GraphQLSchema;
  limits: QueryLimits;
  rateLimits: RateLimits;
  subscriptions: SharedSubscriptions<Buffer>;
  access: AccessWatch;
  /** Sockets and subscriptions per organisation and per user. */
  caps: ConnectionCaps;
  /** Keep-alive slices; a connection sits in one from open to close. */
  keepAlive: KeepAlive;
}

/**
 * graphql-transport-ws on the HTTP server's `/graphql`, subscriptions only. It bypasses Apollo's
 * pipeline, so authentication, the subscriptions-only rule, limits and error masking are applied
 * here, the same as over HTTP. Alike subscriptions share one execution and one serialisation per
 * event (src/events/shared-subscriptions.ts); each socket only adds its id and writes the frame.
 */
export function createWebSocketServer(deps: AppDeps, schema: GraphQLSchema, httpServer: Server, limits: QueryLimits, rateLimits: RateLimits): WebSocketHandle {
  const logger = deps.logger;
  const wss = new WebSocketServer({
    server: httpServer,
    path: '/graphql',
    maxPayload: MAX_PAYLOAD_BYTES,
    maxFragments: MAX_FRAGMENTS,
    perMessageDeflate: false,
    // Connections are tracked here, in the keep-alive slices.
    clientTracking: false,
    handleProtocols: (protocols) => handleProtocols(protocols),
    verifyClient: ({ req }: { req: IncomingMessage }, done: (ok: boolean, status?: number, message?: string) => void) =>
      originAllowed(req, deps.config.allowedOrigins) ? done(true) : done(false, 403, 'Origin not allowed'),
  });
  const shared: Shared = {
    deps,
    schema,
    limits,
    rateLimits,
    // Serialised once per event for every member: the `next` frame after the subscriber's id.
    subscriptions: new SharedSubscriptions<Buffer>(schema, (result, context) =>
      Buffer.from(`,"type":"${MessageType.Next}","payload":${JSON.stringify(masked(result, context.log))}}`),
    ),
    access: new AccessWatch(deps.events),
    caps: new ConnectionCaps(deps.config.wsCaps),
    keepAlive: new KeepAlive(deps.config.wsKeepAliveMs),
  };
  // The upgrade's client address, as Express gives req.ip: the per-address budget of credential-less attempts.
  wss.on('connection', (socket, req) => new Connection(shared, socket, clientAddress(req, deps.config.trustProxyHops)));
  wss.on('error', (error) => logger.error({ err: error }, 'WebSocket server error'));

  return {
    async dispose() {
      shared.keepAlive.stop();
      const open = shared.keepAlive.open();
      for (const connection of open) connection.close(1001, 'Server shutting down');
      const deadline = Date.now() + CLOSE_WAIT_MS;
      while (Date.now() < deadline && open.some((connection) => connection.socket.readyState !== WebSocket.CLOSED)) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      for (const connection of open) connection.socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
