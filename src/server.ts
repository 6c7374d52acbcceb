import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import express from 'express';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginUsageReportingDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginSchemaReportingDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import { createContext, type AppDeps, type Context } from './context';
import { formatError, isExposed } from './errors';
import { jsonErrorHandler } from './http-errors';
import { createWebSocketServer, type WebSocketHandle } from './ws';

export interface RunningServer {
  /** The bound address, e.g. http://127.0.0.1:4000. */
  url: string;
  port: number;
  httpServer: Server;
  /** Drains HTTP and WebSockets, then returns; the caller closes the database afterwards. */
  stop(): Promise<void>;
}

const BODY_LIMIT = '100kb';

/** Commits each request's transaction before its response leaves, and logs masked errors. */
function requestTransactionPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ contextValue, errors }) {
          for (const error of errors) {
            if (!isExposed(error)) contextValue.log.error({ err: error.originalError ?? error }, 'internal error');
          }
        },
        async willSendResponse({ contextValue, response }) {
          try {
            await contextValue.db.finish(true);
          } catch (error) {
            contextValue.log.error({ err: error }, 'commit failed');
            if (response.body.kind === 'single') {
              response.body.singleResult = {
                errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: contextValue.requestId } }],
              };
            }
          }
          if (response.body.kind === 'single') {
            for (const error of response.body.singleResult.errors ?? []) {
              if (error.extensions?.code === 'INTERNAL_SERVER_ERROR') {
                (error.extensions as Record<string, unknown>).requestId = contextValue.requestId;
              }
            }
          }
        },
      };
    },
  };
}

/**
 * Builds the HTTP and WebSocket server on one schema. Nothing listens until `listen`; `stop`
 * drains both transports. Readiness turns 503 as soon as draining starts.
 */
export async function createServer(deps: AppDeps, schema: GraphQLSchema) {
  const app = express();
  const httpServer = createHttpServer(app);
  let draining = false;
  let ws: WebSocketHandle | undefined;

  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    if (draining) return void res.status(503).json({ status: 'draining' });
    try {
      await Promise.race([
        deps.dataSource.query('SELECT 1'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('database ping timed out')), 2_000).unref()),
      ]);
      res.json({ status: 'ready' });
    } catch {
      res.status(503).json({ status: 'database unreachable' });
    }
  });

  const apollo = new ApolloServer<Context>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: !deps.config.production,
    hideSchemaDetailsFromClientErrors: deps.config.production,
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: deps.config.shutdownGraceMs }),
      {
        async serverWillStart() {
          return {
            async drainServer() {
              draining = true;
              await ws?.dispose();
            },
          };
        },
      },
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      requestTransactionPlugin(),
    ],
  });
  await apollo.start();

  app.use(
    '/graphql',
    express.json({ limit: BODY_LIMIT }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const header = req.header('x-request-id');
        const requestId = header && /^[\w.-]{1,64}$/.test(header) ? header : randomUUID();
        res.setHeader('x-request-id', requestId);
        const ctx = await createContext(
          deps,
          { authorization: req.header('authorization'), organisation: req.header('x-organisation') },
          requestId,
        ).catch((error: unknown) => {
          deps.logger.error({ err: error, requestId }, 'context creation failed');
          throw error;
        });
        // A safety net: whatever path the request takes, its connection goes back to the pool.
        res.once('close', () => void ctx.db.finish(false).catch(() => undefined));
        return ctx;
      },
    }),
  );
  app.use(jsonErrorHandler((error) => deps.logger.error({ err: error }, 'unhandled HTTP error')));

  ws = createWebSocketServer(deps, schema, httpServer);

  return {
    async listen(port: number, host: string): Promise<RunningServer> {
      await new Promise<void>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => resolve());
      });
      const address = httpServer.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      return {
        url: `http://${shownHost}:${address.port}`,
        port: address.port,
        httpServer,
        stop: async () => {
          draining = true;
          await apollo.stop();
        },
      };
    },
  };
}
