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
import { createDeferredContext, createJobContext, type AppDeps, type Context } from './context';
import { formatError, isExposed } from './errors';
import { jsonErrorHandler } from './http-errors';
import { idempotencyPlugin } from './idempotency/idempotency.plugin';
import { admitByAddress, limitsPlugin } from './limits/limits.plugin';
import { createQueryLimits } from './limits/query-limits';
import { RateLimits } from './limits/rate-limits';
import { redisBuckets } from './limits/redis-buckets';
import { connectRedis } from './limits/redis';
import { createMailer } from './mail/mailer';
import { apolloOperationRunner } from './ws/operation-runner';
import { createWebSocketServer, type WebSocketHandle } from './ws/server';
import { serveDashboard } from './web/serve';
import { serveGraphiQL } from './web/graphiql';
import { serveBoardReports } from './web/reports';
import { serveUnsubscribe } from './web/unsubscribe';
import { startDigestTicks } from './modules/digests/digest.tick';
import { graphqlCors } from './web/cors';
import { serveFeedbackForms } from './web/feedback-forms';
import { servePublicPageStyles } from './web/public-page';
import { jitGateway } from './execution/jit-executor';
import { logAccess } from './observability/access-log';
import { buildInfo } from './observability/build-info';
import { joinClusterMetrics, listenForMetrics, metricsResponder, renderRegistry, ServerMetrics, type MetricsListener } from './observability/metrics';
import { LeakyBuckets } from './limits/leaky-bucket';
import { observePoolWaits } from './db/pool-waits';
import { probeDatabase } from './db/readiness';
import { JobQueue } from './jobs/jobs.queue';

export interface RunningServer {
  /** The bound address, e.g. http://127.0.0.1:4000. */
  url: string;
  port: number;
  httpServer: Server;
  /** Where `METRICS_PORT`'s listener serves the metrics (http://host:port/metrics); unset without one. */
  metricsUrl?: string;
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
/** How long an idle HTTP connection stays open: longer than the 60 s idle timeout of common proxies. */
export const HTTP_KEEP_ALIVE_MS = 65_000;

/**
 * Commits each request's transaction before its response leaves, logs masked errors (with the
 * operation, once resolved), and then the operation's access line (src/observability/access-log.ts).
 */
function requestTransactionPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      const startedAt = performance.now();
      return {
        async didResolveOperation({ contextValue, operation, operationName }) {
          contextValue.annotateLog({ operationName: operationName ?? null, operationType: operation?.operation ?? null });
        },
        async didEncounterErrors({ contextValue, errors }) {
          for (const error of errors) {
            if (!isExposed(error)) contextValue.log.error({ err: error.originalError ?? error }, 'internal error');
          }
        },
        async willSendResponse(requestContext) {
          const { contextValue, response } = requestContext;
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
          contextValue.deps.metrics.observeOperation(logAccess(requestContext, startedAt));
        },
      };
    },
  };
}

/**
 * Builds the HTTP and WebSocket server on one schema. Nothing listens until `listen`; `stop`
 * drains both transports. Readiness turns 503 as soon as draining starts.
 */
export async function createServer(baseDeps: Omit<AppDeps, 'rateLimits' | 'mailer' | 'metrics' | 'jobs'>, schema: GraphQLSchema) {
  const { config } = baseDeps;
  const metricSources: ConstructorParameters<typeof ServerMetrics>[1] = { dataSource: baseDeps.dataSource };
  const metrics = new ServerMetrics(config.metrics.maxOperationNames, metricSources);
  // A server process of a cluster: the primary serves METRICS_PORT for all of them (src/cluster.ts).
  const clustered = config.serverProcesses > 1;
  if (clustered) joinClusterMetrics(metrics.registry);
  observePoolWaits(baseDeps.dataSource, (seconds) => metrics.observePoolWait(seconds));
  const stopObservingEvents = baseDeps.events.onDelivery((event) => metrics.observeEventDelivery(event));
  // Shared by the replicas when REDIS_URL is set; each process's own otherwise.
  const redis = config.redis ? connectRedis(config.redis.url, baseDeps.logger) : undefined;
  const stores = redis ? redisBuckets(redis, config.redis!.keyPrefix) : (_name: string, capacity: number, rate: number) => new LeakyBuckets(capacity, rate);
  const rateLimits = new RateLimits(config.rateLimits, metrics.countingRefusals(stores));
  const mailer = createMailer(config.mail);
  const jobs = new JobQueue({
    config: config.jobs,
    dataSource: baseDeps.dataSource,
    logger: baseDeps.logger,
    contextFor: (organisationId, jobId) => createJobContext(deps, organisationId, jobId),
    observe: (name, outcome) => metrics.observeJob(name, outcome),
    graceMs: config.shutdownGraceMs,
    link: config.db,
  });
  metricSources.jobs = () => jobs.depth();
  const deps: AppDeps = { ...baseDeps, rateLimits, mailer, metrics, jobs };
  const app = express();
  const httpServer = createHttpServer(app);
  // Idle keep-alive connections outlive a load balancer's or client's (60 s at nginx, AWS and
  // Azure): with Node's 5 s, the server closed connections a proxy or client pool was about to
  // reuse, and that request failed ("other side closed", a proxy's 502).
  httpServer.keepAliveTimeout = HTTP_KEEP_ALIVE_MS;
  httpServer.headersTimeout = HTTP_KEEP_ALIVE_MS + 1_000;
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
    res.json({ status: 'ok', ...buildInfo() });
  });
  app.get('/readyz', async (_req, res) => {
    if (draining) return void res.status(503).json({ status: 'draining' });
    try {
      await probeDatabase(deps.dataSource, READINESS_TIMEOUT_MS);
    } catch {
      return void res.status(503).json({ status: 'database unreachable' });
    }
    // Requests would be served, but live updates from other processes would not arrive.
    const listener = deps.listener?.health;
    if (listener && !listener.hearing) return void res.status(503).json({ status: 'live updates not arriving', problem: listener.problem });
    res.json({ status: 'ready' });
  });
  // Behind METRICS_TOKEN only; 404 without one (and in a cluster, whose primary serves METRICS_PORT).
  const scrape = config.metrics.token && !clustered ? metricsResponder(renderRegistry(metrics.registry), config.metrics.token) : undefined;
  app.get('/metrics', (req, res) => {
    if (!scrape) return void res.status(404).json({ errors: [{ message: 'Not found', extensions: { code: 'NOT_FOUND' } }] });
    void scrape(req, res);
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

  // GraphiQL for browsers at GET /graphql, outside production: ahead of the endpoint below.
  serveGraphiQL(app, deps.config);
  // Board reports (PDF, CSV) over GET, authenticated and rate-limited as /graphql is.
  serveBoardReports(app, deps, rateLimits);
  // The live dashboard (web/) at `/`: static files only, so it cannot shadow the API routes.
  serveDashboard(app, deps.config.webDir);
  // The public pages, after the dashboard's headers (its content security policy applies):
  // feedback forms, and a digest's unsubscribe link (no sign-in, no dashboard bundle).
  servePublicPageStyles(app);
  serveFeedbackForms(app, deps, rateLimits);
  serveUnsubscribe(app, deps);

  app.use(
    '/graphql',
    graphqlCors(deps.config.allowedOrigins),
    express.json({ limit: BODY_LIMIT }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const header = req.header('x-request-id');
        const requestId = header && /^[\w.-]{1,64}$/.test(header) ? header : randomUUID();
        res.setHeader('x-request-id', requestId);
        // Credentials are checked by limitsPlugin once the operation passed the query limits.
        const ctx = createDeferredContext(deps, { authorization: req.header('authorization'), organisation: req.header('x-organisation') }, requestId, req.ip);
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

  ws = createWebSocketServer(deps, schema, httpServer, limits, rateLimits, apolloOperationRunner(apollo, deps));
  metricSources.live = () => ws.stats();

  return {
    /** What requests get (for tests that call services as a request would). */
    deps,
    /** Starts the job workers, then listens; a job queue that cannot start fails it. */
    async listen(port: number, host: string): Promise<RunningServer> {
      await jobs.start();
      try {
        await new Promise<void>((resolve, reject) => {
          httpServer.once('error', reject);
          httpServer.listen(port, host, () => resolve());
        });
      } catch (error) {
        await jobs.stop();
        throw error;
      }
      let metricsListener: MetricsListener | undefined;
      if (config.metrics.port !== undefined && !clustered) {
        try {
          metricsListener = await listenForMetrics(config.metrics.port, config.metrics.host, renderRegistry(metrics.registry), config.metrics.token);
        } catch (error) {
          httpServer.close();
          await jobs.stop();
          throw error;
        }
      }
      // Digests are looked for once the queue they go through runs (src/modules/digests/digest.tick.ts).
      const stopDigestTicks = startDigestTicks(deps);
      const address = httpServer.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      return {
        url: `http://${shownHost}:${address.port}`,
        port: address.port,
        httpServer,
        ...(metricsListener && { metricsUrl: metricsListener.url }),
        stop: async () => {
          draining = true;
          stopDigestTicks();
          if (deps.config.shutdownDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, deps.config.shutdownDelayMs));
          // Running jobs get the same grace as requests, at the same time.
          await Promise.all([apollo.stop(), jobs.stop()]);
          // Scrapes go on while the server drains: the last ones see it finish.
          await metricsListener?.close();
          stopObservingEvents();
          mailer.close();
          // QUIT ends a live connection after its replies; while Redis is down it is refused and
          // the client would go on reconnecting, keeping the process alive: disconnect stops that.
          await redis?.quit().catch(() => undefined);
          redis?.disconnect();
        },
      };
    },
  };
}
