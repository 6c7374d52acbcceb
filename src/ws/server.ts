import type { IncomingMessage, Server } from 'node:http';
import { WebSocket, WebSocketServer } from 'ws';
import { handleProtocols } from 'graphql-ws';
import type { GraphQLSchema } from 'graphql';
import type { AppDeps } from '../context';
import { AccessWatch } from '../events/access-watch';
import type { QueryLimits } from '../limits/query-limits';
import type { RateLimits } from '../limits/rate-limits';
import { ConnectionCaps } from './caps';
import { clientAddress } from '../limits/client-address';
import { Connection, type SocketServices } from './connection';
import { KeepAlive } from './keepalive';
import { MAX_FRAGMENTS, MAX_PAYLOAD_BYTES } from './limits';
import { originAllowed } from './origin';
import type { OperationRunner } from './operation-runner';
import { openSession } from './protocol';
import { protocolServices } from './protocol-services';

export interface WebSocketHandle {
  dispose(): Promise<void>;
  /** What is open now, for the metrics: sockets (admitted or not), subscriptions, and the executions they share. */
  stats(): { sockets: number; subscriptions: number; executions: number };
}

/** How long `dispose` waits for clients to answer the close handshake before cutting them off. */
const CLOSE_WAIT_MS = 1_000;

/**
 * graphql-transport-ws on the HTTP server's `/graphql`. Subscriptions bypass Apollo's pipeline, so
 * authentication, limits and error masking are applied here, the same as over HTTP; queries and
 * mutations run through that pipeline itself (`runOperation`). Alike subscriptions share one execution and one serialisation per
 * event (src/subscriptions/shared-subscriptions.ts); each socket only adds its id and writes the frame.
 *
 * Two halves meet at protocol-socket.ts, and only there: the protocol (protocol.ts and what it
 * uses: protocol-subscriptions.ts, operation-check.ts, masking.ts) and the socket (connection.ts
 * and what it uses: socket-access.ts, socket-listeners.ts, keepalive.ts; origin.ts here). caps.ts
 * counts for both: sockets on the socket side, subscriptions on the protocol side.
 */
export function createWebSocketServer(
  deps: AppDeps,
  schema: GraphQLSchema,
  httpServer: Server,
  limits: QueryLimits,
  rateLimits: RateLimits,
  runOperation: OperationRunner,
): WebSocketHandle {
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
  const caps = new ConnectionCaps(deps.config.wsCaps);
  const protocol = protocolServices(deps, schema, limits, rateLimits, caps, runOperation);
  const keepAlive = new KeepAlive<Connection>(deps.config.wsKeepAliveMs);
  const services: SocketServices = {
    deps,
    rateLimits,
    access: new AccessWatch(deps.events),
    caps,
    keepAlive,
    openSession: (socket) => openSession(protocol, socket),
  };
  // The upgrade's client address, as Express gives req.ip: the per-address budget of credential-less attempts.
  wss.on('connection', (socket, req) => new Connection(services, socket, clientAddress(req, deps.config.trustProxyHops)));
  wss.on('error', (error) => logger.error({ err: error }, 'WebSocket server error'));

  return {
    stats: () => ({ sockets: keepAlive.open().length, subscriptions: caps.subscriptionCount, executions: protocol.subscriptions.size }),
    async dispose() {
      keepAlive.stop();
      const open = keepAlive.open();
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
