import cluster, { type Address, type Worker } from 'node:cluster';
import type { Config } from './config';
import { migrateDatabase } from './db/open-database';
import type { Logger } from './logger';
import { buildInfo } from './observability/build-info';
import { listenForMetrics, renderClusterMetrics } from './observability/metrics';

/** More than three deaths per process within this window: something is wrong beyond one process. */
const CRASH_WINDOW_MS = 60_000;

function urlOf(address: Address): string {
  const host = address.addressType === 6 ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

/**
 * The primary of `SERVER_PROCESSES` > 1. Node runs a server's JavaScript on one thread, so this is
 * how one server uses every core: the primary migrates the database once, then forks that many
 * server processes, and node:cluster hands each new connection (HTTP or WebSocket) to one of them
 * in turn. Each process is a whole server with its own pool and LISTEN connection, exactly as
 * replicas behind a load balancer are, so events reach every subscriber through PostgreSQL.
 *
 * A process that dies is replaced; one that dies before all are listening fails the start (a port
 * in use or an unreachable database would only loop), and so do deaths piling up. SIGTERM and
 * SIGINT go to every process, which drains as a lone server does; the primary exits after them,
 * with 1 if one did not stop cleanly. A process whose primary vanished exits at once (node:cluster
 * does that when the channel to the primary closes).
 */
export async function runPrimary(config: Config, logger: Logger): Promise<void> {
  await migrateDatabase({ url: config.databaseUrl!, poolSize: 1 }, logger);
  const workers = new Set<Worker>();
  const deaths: number[] = [];
  let listening = 0;
  let started = false;
  let stopping = false;
  let exitCode = 0;

  const fork = () => workers.add(cluster.fork());

  const stopAll = (code: number) => {
    exitCode = Math.max(exitCode, code);
    if (stopping) return;
    stopping = true;
    for (const worker of workers) worker.process.kill('SIGTERM');
    if (workers.size === 0) process.exit(exitCode);
    const force = setTimeout(
      () => {
        logger.error('server processes outlived the shutdown grace period');
        for (const worker of workers) worker.process.kill('SIGKILL');
        process.exit(1);
      },
      config.shutdownDelayMs + config.shutdownGraceMs + 10_000,
    );
    force.unref();
  };

  cluster.on('listening', (_worker, address) => {
    listening += 1;
    if (started || listening < config.serverProcesses) return;
    started = true;
    const url = urlOf(address);
    logger.info({ url, database: 'postgres', processes: config.serverProcesses, ...buildInfo() }, `Partnership Hub listening on ${url}/graphql`);
  });

  cluster.on('exit', (worker, code, signal) => {
    workers.delete(worker);
    if (stopping) {
      // One that did not drain (its own exit 1, or killed outright) fails the stop, as it would a
      // lone server's; one the stop's own signal ended before it could drain (still starting) does not.
      if (code !== 0 && signal !== 'SIGTERM' && signal !== 'SIGINT') {
        logger.error({ pid: worker.process.pid, code, signal }, 'a server process did not stop cleanly');
        exitCode = 1;
      }
      if (workers.size === 0) process.exit(exitCode);
      return;
    }
    const pid = worker.process.pid;
    if (!started) {
      logger.fatal({ pid, code, signal }, 'a server process failed to start');
      return stopAll(1);
    }
    const now = Date.now();
    deaths.push(now);
    while (deaths[0]! < now - CRASH_WINDOW_MS) deaths.shift();
    if (deaths.length > 3 * config.serverProcesses) {
      logger.fatal({ pid, code, signal, deaths: deaths.length }, 'server processes keep dying: giving up');
      return stopAll(1);
    }
    logger.error({ pid, code, signal }, 'a server process died: starting another');
    fork();
  });

  // The processes share the main port, so a scrape there would reach one at random: the primary
  // serves METRICS_PORT, asking every process for its metrics and summing them (prom-client).
  if (config.metrics.port !== undefined) {
    const metrics = await listenForMetrics(config.metrics.port, config.metrics.host, renderClusterMetrics(), config.metrics.token);
    logger.info({ url: metrics.url }, 'metrics listening');
  }
  process.on('SIGTERM', () => stopAll(0));
  process.on('SIGINT', () => stopAll(0));
  for (let i = 0; i < config.serverProcesses; i += 1) fork();
}
