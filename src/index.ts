// First: tracing, when on, must patch http, express and pg before anything loads them.
import './observability/start-tracing';
import 'reflect-metadata';
import cluster from 'node:cluster';
import { runPrimary } from './cluster';
import { loadConfig, type Config } from './config';
import { createLogger, type Logger } from './logger';
import { openDatabase } from './db/open-database';
import { createSchema } from './schema';
import { createServer } from './server';
import { createLiveUpdates } from './events/live-updates';
import { entities } from './features';
import { buildInfo } from './observability/build-info';
import { stopTracing } from './observability/tracing';

/** The only module with side effects: config -> database -> server -> listen. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  if (cluster.isPrimary && config.serverProcesses > 1) return runPrimary(config, logger);
  return runServer(config, logger);
}

/** One server: alone, or one process of a cluster (src/cluster.ts), whose primary migrated the database. */
async function runServer(config: Config, logger: Logger): Promise<void> {
  const database = await openDatabase(config, logger, { entities, migrate: cluster.isPrimary });
  const schema = await createSchema();
  const live = createLiveUpdates(database.dataSource, logger, config.databaseListenUrl ?? null, {
    listenerHeartbeatMs: config.listenerHeartbeatMs,
    catchUpMs: config.listenerCatchUpMs,
    redis: config.redis,
  });
  await live.start();
  const authKey = new TextEncoder().encode(config.authSecret);
  const server = await createServer({ config, dataSource: database.dataSource, logger, authKey, events: live.hub, listener: live.wakeups ?? live.listener }, schema);
  const running = await server.listen(config.port, config.host);
  database.advertise(running.url);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(
      () => {
        logger.error('shutdown grace period exceeded');
        process.exit(1);
      },
      config.shutdownDelayMs + config.shutdownGraceMs + 5_000,
    );
    force.unref();
    try {
      await running.stop();
      await live.stop();
      await database.close();
      await stopTracing();
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  // Only now, with the handlers in place: whoever reads this line may stop the server at once, and
  // a SIGTERM that came before them would kill it without a clean shutdown.
  // In a cluster the primary says where it listens, once every process is ready.
  if (cluster.isPrimary) {
    logger.info(
      { url: running.url, database: database.mode, ...(running.metricsUrl && { metrics: running.metricsUrl }), ...buildInfo() },
      `Partnership Hub listening on ${running.url}/graphql`,
    );
  } else logger.info({ url: running.url }, 'server process ready');
}

main().catch((error: unknown) => {
  // Config errors and a data directory in use are the operator's to fix: say what is wrong without a stack.
  console.error(error instanceof Error && (error.name === 'ConfigError' || error.name === 'DataDirLockedError') ? error.message : error);
  process.exit(1);
});
