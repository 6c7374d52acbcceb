import { DataSource, type DataSourceOptions } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { types, type Pool, type PoolClient } from 'pg';
import { destroySocket } from '../adapters/pg';
import type { DatabaseTimeouts } from '../config';
import { migrations } from './migrations';

// Calendar days stay 'YYYY-MM-DD' strings: a JavaScript Date would shift them by the time zone.
types.setTypeParser(1082, (value: string) => value);

export interface DataSourceSettings {
  url: string;
  /**
   * The TypeORM entities to map (the application's are `entities` of src/features.ts); none for a
   * data source that only migrates.
   */
  entities?: readonly Function[];
  poolSize: number;
  /**
   * Per-connection limits for serving requests. Without them (migrations, the CLI) statements and
   * lock waits are unbounded: a migration may legitimately build an index for minutes.
   */
  timeouts?: DatabaseTimeouts;
  /** Application name, visible in pg_stat_activity. */
  applicationName?: string;
  /**
   * Every connection speaks to the same session (the embedded database, see embedded.ts): what a
   * closed connection left in it (named statements above all) is discarded before the next one
   * is used, so that connection starts as clean as a new PostgreSQL session does.
   */
  sharedSession?: boolean;
}

/** Where a database is and how to share it: what the embedded database and the tests hand over. */
export type DatabaseConnection = Pick<DataSourceSettings, 'url' | 'poolSize' | 'sharedSession'>;

/** pg-pool's own default for closing an idle connection, for data sources without timeouts. */
const DEFAULT_IDLE_TIMEOUT_MS = 10_000;

/** Waiting for a connection is bounded even where statements are not. */
const DEFAULT_CONNECTION_TIMEOUT_MS = 10_000;

/**
 * TypeORM options shared by the server, the migration CLI (ormconfig.ts) and the tests: explicit
 * entity and migration lists, never `synchronize`, and `where` values of undefined or null refused
 * so a missing id can never silently widen a query.
 */
export function dataSourceOptions(settings: DataSourceSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    entities: [...(settings.entities ?? [])],
    migrations,
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    invalidWhereValuesBehavior: { null: 'throw', undefined: 'throw' },
    applicationName: settings.applicationName ?? 'partnership-hub',
    extra: {
      max: settings.poolSize,
      // pg-pool applies this both to opening a connection and to waiting for a free one, so an
      // exhausted pool or an unreachable server fails the request instead of queueing it forever.
      connectionTimeoutMillis: settings.timeouts?.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS,
      idleTimeoutMillis: settings.timeouts?.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
      // pg names a statement once per connection and then only refers to it; in a shared session a
      // new connection would find its predecessor's names taken ("prepared statement already
      // exists") and fail every read until a restart. pg-pool awaits this before handing it out.
      ...(settings.sharedSession && { onConnect: (client: PoolClient) => client.query('DISCARD ALL') }),
      // Sent as startup parameters, so they hold for every statement on the connection; a
      // transaction may still lower them with SET LOCAL. PostgreSQL cancels the statement or ends
      // the session itself, which also frees the pooled connection.
      ...(settings.timeouts && {
        statement_timeout: settings.timeouts.statementTimeoutMs,
        lock_timeout: settings.timeouts.lockTimeoutMs,
        idle_in_transaction_session_timeout: settings.timeouts.idleInTransactionTimeoutMs,
      }),
      // Notice a peer that vanished without a FIN (a cut network) on idle pooled connections.
      keepAlive: true,
    },
  };
}

/**
 * The data source of `settings`. With timeouts, no pooled connection is held past
 * `holdTimeoutMs` (see {@link closeConnectionsHeldTooLong}).
 */
export function createDataSource(settings: DataSourceSettings): DataSource {
  const options = dataSourceOptions(settings);
  return settings.timeouts ? new HoldBoundedDataSource(options, settings.timeouts.holdTimeoutMs) : new DataSource(options);
}

class HoldBoundedDataSource extends DataSource {
  constructor(
    options: DataSourceOptions,
    private readonly holdTimeoutMs: number,
  ) {
    super(options);
  }

  override async initialize(): Promise<this> {
    await super.initialize();
    closeConnectionsHeldTooLong((this.driver as PostgresDriver).master as Pool, this.holdTimeoutMs);
    return this;
  }
}

/**
 * Closes the socket of any connection checked out of `pool` for longer than `limitMs`.
 *
 * statement_timeout and the other limits are PostgreSQL's: when the network stops answering they
 * never fire, and a request waits on its connection for as long as TCP does (hours). pg's own
 * `query_timeout` is no cure: it fails the query but leaves the connection, its statement still
 * outstanding, to go back to the pool, and it drops the statements queued behind it unsent (a
 * transaction's ROLLBACK TO SAVEPOINT, say) while later ones still go. Closing the socket instead
 * fails everything queued on the connection, sends nothing more on it (so no later COMMIT can
 * commit half of a transaction: PostgreSQL rolls it back when it sees the connection go), and
 * makes the pool discard it (pg-pool drops a client that is no longer queryable when released).
 */
function closeConnectionsHeldTooLong(pool: Pool, limitMs: number): void {
  const deadlines = new WeakMap<PoolClient, NodeJS.Timeout>();
  pool.on('acquire', (client) => {
    const deadline = setTimeout(() => {
      // The way pg-pool itself gives up on a connection that does not open in time.
      destroySocket(client, new Error(`Database connection held longer than DB_HOLD_TIMEOUT_MS (${limitMs} ms): closed`));
    }, limitMs);
    deadline.unref();
    deadlines.set(client, deadline);
  });
  pool.on('release', (_error, client) => {
    clearTimeout(deadlines.get(client));
    deadlines.delete(client);
  });
}
