import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AggregatorRegistry, Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { ActivityEventRow } from '../events/activity-event.entity';
import type { JobDepth, JobOutcome } from '../jobs/jobs.types';
import type { BucketStoreFactory } from '../limits/leaky-bucket';
import type { AccessRecord } from './access-record';
import { buildInfo } from './build-info';

/** Operation latency buckets, in seconds: a cached read in milliseconds to a request near its timeouts. */
const OPERATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Waits for a pooled connection: sub-millisecond when one is free, up to DB_CONNECTION_TIMEOUT_MS when none is. */
const POOL_WAIT_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** From commit to delivery: milliseconds through NOTIFY, up to LISTENER_CATCH_UP_MS (30 s) when a notification was lost. */
const EVENT_LAG_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** Operation names longer than this are not GraphQL names a client would reuse: counted as `other`. */
const MAX_OPERATION_NAME_LENGTH = 100;

/** What the WebSocket server holds open now (src/ws/server.ts). */
export interface LiveStats {
  sockets: number;
  subscriptions: number;
  executions: number;
}

/** Why a logIn was refused. */
export type LoginRefusal = 'wrong-credentials' | 'rate-limited';

/** What the gauges read when scraped: nothing is counted on the hot path for them. */
export interface MetricSources {
  /** The data source whose pg pool the pool gauges describe. */
  dataSource: DataSource;
  /** Open sockets and subscriptions; none until the WebSocket server exists. */
  live?: () => LiveStats;
  /** Background jobs ready to run, by name (src/jobs/jobs.queue.ts): read from the database when scraped. */
  jobs?: () => Promise<JobDepth[]>;
}

/**
 * One server's Prometheus metrics, in a registry of its own (not prom-client's global one: tests
 * start several servers in one process, and each must count only its own). Counters and
 * histograms are fed by small hooks (the access log, the rate-limit stores, the event hub, the
 * request's pool checkout); gauges read their source when scraped.
 *
 * Series (all per server process):
 * - `graphql_operation_duration_seconds{operation_type,operation_name,status,transport}`: each
 *   query and mutation, HTTP or WebSocket, from the request's start to its committed response (the
 *   access log's `durationMs`). `operation_name` is the operation's name, `anonymous` without one,
 *   `other` past `METRICS_MAX_OPERATION_NAMES` distinct names; `operation_type` is `none` for a
 *   request refused before an operation was resolved; `status` is the HTTP status class (`2xx`).
 * - `graphql_operation_errors_total{code}`: errors answered, by `extensions.code`.
 * - `db_pool_connections`, `db_pool_idle_connections`, `db_pool_waiting_clients`,
 *   `db_pool_max_connections`: the request pool (pg-pool's own counts).
 * - `db_pool_acquire_seconds`: how long each transaction waited for its pooled connection.
 * - `ws_sockets`, `ws_subscriptions`, `ws_subscription_executions`: open WebSockets, their active
 *   subscriptions, and the executions alike subscriptions share.
 * - `events_delivery_lag_seconds`: from an event's `occurred_at` to this process handing it to its
 *   live listeners.
 * - `rate_limit_refusals_total{limiter}`, `auth_login_refusals_total{reason}`.
 * - `partnership_hub_build_info{version,commit}` (always 1), and prom-client's process metrics.
 */
export class ServerMetrics {
  readonly registry = new Registry();
  private readonly operationNames = new Set<string>();
  private readonly operationDuration: Histogram<'operation_type' | 'operation_name' | 'status' | 'transport'>;
  private readonly operationErrors: Counter<'code'>;
  private readonly poolWait: Histogram;
  private readonly eventLag: Histogram;
  private readonly rateLimitRefusals: Counter<'limiter'>;
  private readonly loginRefusals: Counter<'reason'>;
  private readonly jobAttempts: Counter<'name' | 'outcome'>;

  constructor(
    private readonly maxOperationNames: number,
    sources: MetricSources,
  ) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    const { version, commit } = buildInfo();
    new Gauge({ name: 'partnership_hub_build_info', help: 'The running version and commit (always 1)', labelNames: ['version', 'commit'], aggregator: 'first', registers }).set(
      { version, commit: commit ?? 'unknown' },
      1,
    );

    this.operationDuration = new Histogram({
      name: 'graphql_operation_duration_seconds',
      help: 'GraphQL queries and mutations (HTTP and WebSocket), from the request to its committed response',
      labelNames: ['operation_type', 'operation_name', 'status', 'transport'],
      buckets: OPERATION_BUCKETS,
      registers,
    });
    this.operationErrors = new Counter({ name: 'graphql_operation_errors_total', help: 'GraphQL errors answered, by extensions.code', labelNames: ['code'], registers });

    const pool = () => poolOf(sources.dataSource);
    const poolGauge = (name: string, help: string, read: (pool: Pool) => number) =>
      new Gauge({
        name,
        help,
        registers,
        collect() {
          const current = pool();
          if (current) this.set(read(current));
        },
      });
    poolGauge('db_pool_connections', 'Connections the request pool holds open (busy or idle)', (p) => p.totalCount);
    poolGauge('db_pool_idle_connections', 'Open connections of the request pool that no transaction holds', (p) => p.idleCount);
    poolGauge('db_pool_waiting_clients', 'Transactions waiting for a connection of the request pool', (p) => p.waitingCount);
    poolGauge('db_pool_max_connections', 'The request pool size (DB_POOL_SIZE; 1 for the embedded database)', (p) => p.options.max ?? 10);
    this.poolWait = new Histogram({
      name: 'db_pool_acquire_seconds',
      help: 'Time each transaction took to get its pooled connection (waiting for a free one, or opening one)',
      buckets: POOL_WAIT_BUCKETS,
      registers,
    });

    const liveGauge = (name: string, help: string, read: (stats: LiveStats) => number) =>
      new Gauge({
        name,
        help,
        registers,
        collect() {
          this.set(sources.live ? read(sources.live()) : 0);
        },
      });
    liveGauge('ws_sockets', 'Open WebSockets (admitted or still starting)', (stats) => stats.sockets);
    liveGauge('ws_subscriptions', 'Active subscriptions over all WebSockets', (stats) => stats.subscriptions);
    liveGauge('ws_subscription_executions', 'Executions that alike subscriptions share (each runs once per event)', (stats) => stats.executions);

    this.eventLag = new Histogram({
      name: 'events_delivery_lag_seconds',
      help: "From an event's occurred_at (its transaction's start, by the database clock) to this process handing it to its live listeners",
      buckets: EVENT_LAG_BUCKETS,
      registers,
    });
    this.rateLimitRefusals = new Counter({
      name: 'rate_limit_refusals_total',
      help: 'Requests and attempts refused by a rate limit, by limiter',
      labelNames: ['limiter'],
      registers,
    });
    this.loginRefusals = new Counter({ name: 'auth_login_refusals_total', help: 'logIns refused, by reason', labelNames: ['reason'], registers });

    this.jobAttempts = new Counter({
      name: 'jobs_attempts_total',
      help: 'Background job attempts this process ran, by job name and outcome: completed, retried (failed, retries left) or failed (for good)',
      labelNames: ['name', 'outcome'],
      registers,
    });
    // prom-client collects every metric of a scrape at once: both gauges share one query.
    let depth: Promise<JobDepth[]> | undefined;
    const readDepth = () =>
      (depth ??= (sources.jobs?.() ?? Promise.resolve([]))
        .catch(() => [])
        .finally(() => {
          depth = undefined;
        }));
    const depthGauge = (name: string, help: string, read: (depth: JobDepth) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ['name'],
        // Every process of a cluster reads the same rows: one of their answers, not their sum.
        aggregator: 'first',
        registers,
        async collect() {
          for (const row of await readDepth()) this.set({ name: row.name }, read(row));
        },
      });
    depthGauge('jobs_waiting', 'Background jobs ready to run and not yet taken, by name (the whole database, not this process)', (row) => row.waiting);
    depthGauge('jobs_oldest_waiting_seconds', 'How long the oldest job ready to run has waited, by name (0 with none waiting)', (row) => row.oldestSeconds);
  }

  /** A background job's attempt ended. */
  observeJob(name: string, outcome: JobOutcome): void {
    this.jobAttempts.inc({ name, outcome });
  }

  /** An operation's access line (src/observability/access-log.ts): its latency and error codes. */
  observeOperation(access: AccessRecord): void {
    this.operationDuration.observe(
      {
        operation_type: access.operationType ?? 'none',
        operation_name: this.nameLabel(access.operationName),
        status: `${Math.floor(access.status / 100)}xx`,
        transport: access.transport,
      },
      access.durationMs / 1000,
    );
    for (const code of access.errors ?? []) this.operationErrors.inc({ code });
  }

  observePoolWait(seconds: number): void {
    this.poolWait.observe(seconds);
  }

  /** An event this process delivered now: how long after it was written. */
  observeEventDelivery(event: ActivityEventRow): void {
    // The database's clock against this machine's: a little skew may read as a negative lag.
    this.eventLag.observe(Math.max(0, (Date.now() - new Date(event.occurredAt).getTime()) / 1000));
  }

  rateLimitRefused(limiter: string): void {
    this.rateLimitRefusals.inc({ limiter });
    if (limiter === 'login-failures') this.loginRefused('rate-limited');
  }

  loginRefused(reason: LoginRefusal): void {
    this.loginRefusals.inc({ reason });
  }

  /**
   * Rate-limit stores of `stores` that count their refusals by store name (`callers`,
   * `credential-attempts`, `addresses`, `login-failures`, `password-resets`): the one place every
   * bucket refusal passes, in memory or in Redis.
   */
  countingRefusals(stores: BucketStoreFactory): BucketStoreFactory {
    return (name, capacity, ratePerSecond) => {
      const store = stores(name, capacity, ratePerSecond);
      return {
        charge: async (key, points) => {
          const decision = await store.charge(key, points);
          if (!decision.allowed) this.rateLimitRefused(name);
          return decision;
        },
        overdraw: (key, points) => store.overdraw(key, points),
        refund: (key, points) => store.refund(key, points),
        available: (key) => store.available(key),
      };
    };
  }

  /** The label of an operation name: bounded, since clients choose the names. */
  private nameLabel(name: string | null): string {
    if (!name) return 'anonymous';
    if (this.operationNames.has(name)) return name;
    if (this.operationNames.size >= this.maxOperationNames || name.length > MAX_OPERATION_NAME_LENGTH) return 'other';
    this.operationNames.add(name);
    return name;
  }
}

/** The pg pool under a TypeORM data source (undefined before it is initialised). */
function poolOf(dataSource: DataSource): Pool | undefined {
  return dataSource.isInitialized ? ((dataSource.driver as PostgresDriver).master as Pool | undefined) : undefined;
}

/** Whether `header` is `Bearer <token>`, compared in constant time. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
  if (!given) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(token));
}

/**
 * Answers a scrape: the metrics in Prometheus's text format, 401 (with `WWW-Authenticate`) when a
 * token is required and not presented. Plain node:http, so it serves the main port (as an Express
 * handler) and the metrics listener alike.
 */
export function metricsResponder(render: () => Promise<{ body: string; contentType: string }>, token: string | undefined) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (token !== undefined && !bearerMatches(req.headers.authorization, token)) {
      res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Bearer realm="metrics"' }).end('Unauthorized\n');
      return;
    }
    try {
      const { body, contentType } = await render();
      res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' }).end(body);
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(`Metrics failed: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  };
}

/** What a registry renders for a scrape. */
export function renderRegistry(registry: Registry): () => Promise<{ body: string; contentType: string }> {
  return async () => ({ body: await registry.metrics(), contentType: registry.contentType });
}

/**
 * In a server process of a cluster (SERVER_PROCESSES > 1): hands `registry` to prom-client's
 * cluster aggregation, which the primary's metrics listener asks every process for.
 */
export function joinClusterMetrics(registry: Registry): void {
  AggregatorRegistry.setRegistries([registry]);
  // Constructing one is what makes prom-client answer the primary's requests in this process.
  new AggregatorRegistry();
}

/**
 * The primary's metrics, in a cluster: every server process's, summed (counters, histograms and
 * the gauges alike; prom-client's default process metrics keep their own rules).
 */
export function renderClusterMetrics(): () => Promise<{ body: string; contentType: string }> {
  const aggregator = new AggregatorRegistry();
  return async () => ({ body: await aggregator.clusterMetrics(), contentType: aggregator.contentType });
}

/** A running metrics listener. */
export interface MetricsListener {
  url: string;
  close(): Promise<void>;
}

/**
 * `METRICS_PORT`: a listener of its own that serves `GET /metrics` (and nothing else: 404), so the
 * metrics can stay on an address only the scraper reaches, apart from the public port.
 */
export async function listenForMetrics(
  port: number,
  host: string,
  render: () => Promise<{ body: string; contentType: string }>,
  token: string | undefined,
): Promise<MetricsListener> {
  const respond = metricsResponder(render, token);
  const server = createHttpServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/metrics') return void res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, { allow: 'GET, HEAD' }).end();
    void respond(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
