import { PgBoss, type Db, type JobWithMetadata, type SendOptions } from 'pg-boss';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import type { Pool } from 'pg';
import type { JobsConfig } from '../config';
import type { Context } from '../context';
import type { Logger } from '../logger';
import type { RequestDb } from '../db/request-db';
import { requestSettings } from '../db/request-settings';
import { MIGRATION_LOCK } from '../db/open-database';
import { APP_ROLE } from '../db/rls';
import { jobHandler, registeredJobNames, type JobName, type JobPayloads } from './jobs.registry';
import type { EnqueueOptions, JobData, JobDepth, JobOutcome, JobSender } from './jobs.types';

/** pg-boss's tables live in a schema of their own, next to (never in) the application's. */
export const JOBS_SCHEMA = 'pgboss';

/** pg-boss's own pool names itself so in pg_stat_activity (PostgreSQL mode). */
export const JOBS_APPLICATION_NAME = 'partnership-hub jobs';

/** Leads every pg-boss statement sent through the application's pool (embedded mode), to tell it apart in logs and counts. */
export const JOBS_LABEL = '/* jobs */ ';

export interface JobQueueDeps {
  config: JobsConfig;
  /** The application's data source: its pool carries pg-boss in the embedded database. */
  dataSource: DataSource;
  logger: Logger;
  /** A context acting for `organisationId` with no user (see createJobContext). */
  contextFor(organisationId: string, jobId: string): Context;
  /** Told of every attempt that ends (metrics). */
  observe(name: string, outcome: JobOutcome): void;
  /** How long stop() lets running jobs finish before they are failed (and so retried later). */
  graceMs: number;
  /**
   * The request pool's client-side bounds (DB_CONNECTION_TIMEOUT_MS, DB_HOLD_TIMEOUT_MS), for
   * pg-boss's own pool: on a link that hangs, PostgreSQL's timeouts never fire, and an unbounded
   * poll would hang stop() (its pool ends only once every query has).
   */
  link: { connectionTimeoutMs: number; holdTimeoutMs: number };
}

/**
 * The job queue of one server process, on pg-boss (https://github.com/timgit/pg-boss): jobs are
 * rows in the `pgboss` schema, taken with SELECT ... FOR UPDATE SKIP LOCKED, so any number of
 * processes may poll one database and each job runs once per attempt.
 *
 * PostgreSQL. pg-boss has a pool of its own (JOBS_POOL_SIZE, 2 by default: polls, completions and
 * maintenance are each one short statement, and two let a maintenance pass run beside the
 * workers), so job traffic never waits behind requests for the request pool, nor they behind it.
 * It keeps nothing in a session between statements, so it works through a transaction pooler too
 * (LISTEN/NOTIFY is off: workers poll every JOBS_POLL_MS). Handlers run on the request pool, as
 * requests do.
 *
 * Embedded. The embedded database is one PGlite session that every connection shares
 * (src/db/embedded.ts): a second pool would interleave its statements with a request's
 * transaction. There pg-boss gets an adapter (`db.executeSql`) that runs each of its statements on
 * the application's own one-connection pool, so they take their turn between transactions like any
 * request. Every pg-boss statement stands alone (pg-boss opens transactions only for transactional
 * workers, which this does not use; its schema migration is one multi-statement BEGIN ... COMMIT
 * query), so none of it is left open between turns. graphile-worker, the other candidate, holds a
 * LISTEN connection for as long as it runs, which a one-connection pool cannot give.
 *
 * Schema. pg-boss installs and upgrades its schema at start, under its own transaction-scoped
 * advisory lock, so replicas that start together migrate it once; the grants that let requests
 * enqueue (below) follow under the application's migration lock.
 */
export class JobQueue implements JobSender {
  private readonly boss: PgBoss;
  private started = false;

  constructor(private readonly deps: JobQueueDeps) {
    const shared = requestSettings(deps.dataSource).sharedSession === true;
    const pool = () => (deps.dataSource.driver as PostgresDriver).master as Pool;
    const connection = shared
      ? { db: { executeSql: (text: string, values?: unknown[]) => pool().query(JOBS_LABEL + text, values) } satisfies Db }
      : {
          connectionString: (deps.dataSource.options as PostgresDataSourceOptions).url!,
          max: deps.config.poolSize,
          application_name: JOBS_APPLICATION_NAME,
          connectionTimeoutMillis: deps.link.connectionTimeoutMs,
          query_timeout: deps.link.holdTimeoutMs,
          keepAlive: true,
        };
    this.boss = new PgBoss({
      ...connection,
      schema: JOBS_SCHEMA,
      migrate: true,
      // No cron schedules yet; instance heartbeats are rows nobody reads.
      schedule: false,
      registerInstance: false,
    });
    // pg-boss reports trouble in its background loops (maintenance, polling) as events: unheard, an 'error' would end the process.
    this.boss.on('error', (error) => deps.logger.error({ err: error }, 'job queue error'));
    this.boss.on('warning', (warning) => deps.logger.warn({ warning }, 'job queue warning'));
  }

  /**
   * Installs or upgrades pg-boss's schema, creates a queue for every registered name (and brings
   * its retry settings up to the configuration), then starts JOBS_CONCURRENCY workers per name, at most JOBS_CONCURRENCY_PER_ORGANISATION of them on one organisation's jobs.
   * Throws when the database refuses (the server then does not start).
   */
  async start(): Promise<void> {
    // Nothing to run, nothing to enqueue (send refuses unregistered names): pg-boss stays off.
    if (registeredJobNames().length === 0) return;
    await this.boss.start();
    this.started = true;
    await this.grantEnqueue();
    const { config } = this.deps;
    const retries = { retryLimit: config.retryLimit, retryDelay: config.retryDelaySeconds, retryBackoff: true, retryDelayMax: config.retryDelayMaxSeconds };
    for (const name of registeredJobNames()) {
      await this.boss.createQueue(name, retries);
      await this.boss.updateQueue(name, retries);
      if (config.concurrency === 0) continue;
      await this.boss.work<JobData>(
        name,
        // Jobs are grouped by organisation (send): past its share a tenant's jobs wait, others' run.
        {
          localConcurrency: config.concurrency,
          localGroupConcurrency: config.concurrencyPerOrganisation,
          pollingIntervalSeconds: config.pollMs / 1000,
          includeMetadata: true,
          batchSize: 1,
        },
        // includeMetadata: true gives every job its retry count and limit.
        async ([job]) => this.run(name, job as JobWithMetadata<JobData>),
      );
    }
  }

  /**
   * Stops polling, waits up to the grace period for running jobs, fails those still running (the
   * engine retries them later, here or in another process), and closes pg-boss's own pool.
   */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: true, timeout: this.deps.graceMs });
  }

  /** See {@link JobSender.send}. The insert runs as the request role, which may insert jobs and nothing else of pg-boss's. */
  async send(db: RequestDb, name: string, data: JobData, options: EnqueueOptions = {}): Promise<string | null> {
    if (!jobHandler(name as JobName)) throw new Error(`No job handler is registered for ${name}`);
    if (!this.started) throw new Error('The job queue is not started');
    // pg-boss reads the queue's settings through its own connection unless cached: every
    // registered queue is cached by start(), so within a request only this insert runs, on `db`.
    const through: Db = { executeSql: async (text, values) => ({ rows: await db.query('enqueue a job', text, values ?? []) }) };
    const { startAfter, ...rest } = options;
    const sendOptions: SendOptions = { ...rest, ...(startAfter !== undefined && { startAfter }), group: { id: data.organisationId }, db: through };
    return this.boss.send(name, data, sendOptions);
  }

  /** Jobs ready to run and waiting, by registered name (for /metrics). */
  async depth(): Promise<JobDepth[]> {
    if (!this.started) return [];
    const { rows } = await this.boss.getDb().executeSql(
      `SELECT name, count(*)::int AS waiting, extract(epoch FROM now() - min(start_after))::float8 AS oldest
         FROM ${JOBS_SCHEMA}.job WHERE state < 'active' AND start_after <= now() GROUP BY name`,
    );
    const found = new Map((rows as { name: string; waiting: number; oldest: number }[]).map((row) => [row.name, row]));
    return registeredJobNames().map((name) => ({ name, waiting: found.get(name)?.waiting ?? 0, oldestSeconds: Math.max(0, found.get(name)?.oldest ?? 0) }));
  }

  private async run(name: JobName, job: JobWithMetadata<JobData>): Promise<void> {
    const handler = jobHandler(name)!;
    const ctx = this.deps.contextFor(job.data.organisationId, job.id);
    try {
      // What enqueueJob wrote for this name (typed there).
      await handler(ctx, job.data.payload as JobPayloads[JobName], { id: job.id, retryCount: job.retryCount, retryLimit: job.retryLimit });
      await ctx.db.finish(true);
    } catch (error) {
      await ctx.db.finish(false).catch(() => undefined);
      const outcome = job.retryCount < job.retryLimit ? 'retried' : 'failed';
      ctx.log[outcome === 'failed' ? 'error' : 'warn']({ err: error, job: { id: job.id, name, retryCount: job.retryCount, outcome } }, 'job failed');
      this.deps.observe(name, outcome);
      throw error;
    }
    this.deps.observe(name, 'completed');
  }

  /**
   * Lets the request role enqueue: insert jobs and read the queue settings the insert joins. Every
   * start, since a pg-boss upgrade may add tables; under the migration lock, since concurrent
   * GRANTs on one object fail ("tuple concurrently updated"). One simple-protocol query is one
   * implicit transaction: the lock ends with it, and a failure leaves no transaction open on the
   * connection (an explicit BEGIN would, in the embedded database's shared session).
   */
  private async grantEnqueue(): Promise<void> {
    await this.boss.getDb().executeSql(
      `SELECT pg_advisory_xact_lock(${MIGRATION_LOCK});
       GRANT USAGE ON SCHEMA ${JOBS_SCHEMA} TO ${APP_ROLE};
       GRANT SELECT ON ${JOBS_SCHEMA}.queue TO ${APP_ROLE};
       GRANT SELECT, INSERT ON ${JOBS_SCHEMA}.job, ${JOBS_SCHEMA}.job_common TO ${APP_ROLE}`,
    );
  }
}
