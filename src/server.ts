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
import { createDeferredContext, type AppDeps, type Context } from './context';
import { formatError, isExposed } from './errors';
import { jsonErrorHandler } from './http-errors';
import { idempotencyPlugin } from './idempotency/idempotency.plugin';
import { admitByAddress, limitsPlugin } from './limits/limits.plugin';
import { createQueryLimits } from './limits/query-limits';
import { RateLimits } from './limits/rate-limits';
import { createMailer } from './mail/mailer';
import { createWebSocketServer, type WebSocketHandle } from './ws/server';
import { serveDashboard } from './web/serve';
import { jitGateway } from './execution/jit-executor';
import { probeDatabase } from './db/readiness';

export interface RunningServer {
  /** The bound address, e.g. http://127.0.0.1:4000. */
  url: string;
  port: number;
  httpServer: Server;
  /**
   * Turns readiness to 503 at once, keeps serving for the configured shutdown delay, then drains
   * HTTP (in-flight requests finish within the grace period) and closes WebSockets with 1001.
   * The caller closes the database afterwards.
   */
  stop(): Promise<void>;
}

const BODY_LIMIT = '100kb';
/** A readiness probe that takes longer than this says the database is unreachable. */
const READINESS_TIMEOUT_MS = 2_000;

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
            response.http.status = 500;
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
export async function createServer(baseDeps: Omit<AppDeps, 'rateLimits' | 'mailer'>, schema: GraphQLSchema) {
  const rateLimits = new RateLimits(baseDeps.config.rateLimits);
  const mailer = createMailer(baseDeps.config.mail);
  const deps: AppDeps = { ...baseDeps, rateLimits, mailer };
  const app = express();
  const httpServer = createHttpServer(app);
  let draining = false;
  let ws: WebSocketHandle | undefined;
  const limits = createQueryLimits(deps.config.queryLimits, deps.config.production);

  app.disable('x-powered-by');
  // res.send hashes every body for an ETag; GraphQL POSTs are never revalidated, and a dashboard
  // response is ~80 KB. (Static files keep theirs: express.static makes its own.)
  app.set('etag', false);
  // The per-IP limit on logIn/signUp needs the real client address: believe only the configured hops.
  app.set('trust proxy', deps.config.trustProxyHops > 0 ? deps.config.trustProxyHops : false);
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    if (draining) return void res.status(503).json({ status: 'draining' });
    try {
      await probeDatabase(deps.dataSource, READINESS_TIMEOUT_MS);
      res.json({ status: 'ready' });
    } catch {
      res.status(503).json({ status: 'database unreachable' });
    }
  });

  const apollo = new ApolloServer<Context>({
    // graphql-jit executes queries (src/execution/jit-executor.ts); Apollo still parses, validates and formats.
    gateway: jitGateway(schema, deps.dataSource),
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: !deps.config.production,
    hideSchemaDetailsFromClientErrors: deps.config.production,
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    // index.ts owns SIGTERM/SIGINT: Apollo's own handler would close the listener at once (no
    // readiness delay) and re-raise the signal, killing the process before the database closes.
    stopOnTerminationSignals: false,
    parseOptions: limits.parseOptions,
    validationRules: limits.validationRules,
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
      limitsPlugin(limits, rateLimits),
      idempotencyPlugin(deps.config.idempotencyTtlHours, deps.config.idempotencyMaxStoredBytes),
      requestTransactionPlugin(),
    ],
  });
  await apollo.start();

  // The live dashboard (web/) at `/`: static files only, so it cannot shadow the API routes.
  serveDashboard(app, deps.config.webDir);

  app.use(
    '/graphql',
    express.json({ limit: BODY_LIMIT }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const header = req.header('x-request-id');
        const requestId = header && /^[\w.-]{1,64}$/.test(header) ? header : randomUUID();
        res.setHeader('x-request-id', requestId);
        // Credentials are checked by limitsPlugin once the operation passed the query limits.
        const ctx = createDeferredContext(
          deps,
          { authorization: req.header('authorization'), organisation: req.header('x-organisation') },
          requestId,
          req.ip,
        );
        // A safety net: whatever path the request takes, its connection goes back to the pool.
        res.once('close', () => void ctx.db.finish(false).catch(() => undefined));
        // Callers without valid credentials, per client address, before anything is parsed (429).
        await admitByAddress(ctx, rateLimits, req.header('authorization'));
        // Repeated fields make validation quadratic: refused (400) before Apollo validates.
        limits.checkSource(req.method === 'GET' ? req.query.query : (req.body as { query?: unknown } | undefined)?.query);
        return ctx;
      },
    }),
  );
  app.use(jsonErrorHandler((error) => deps.logger.error({ err: error }, 'unhandled HTTP error')));

  ws = createWebSocketServer(deps, schema, httpServer, limits, rateLimits);

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
          if (deps.config.shutdownDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, deps.config.shutdownDelayMs));
          await apollo.stop();
          mailer.close();
        },
      };
    },
  };
}
