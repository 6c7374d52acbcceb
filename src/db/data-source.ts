import { DataSource, DefaultNamingStrategy, type DataSourceOptions, type Table } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { types, type Pool, type PoolClient } from 'pg';
import { destroySocket } from '../adapters/pg';
import type { DatabaseTimeouts } from '../config';
import { migrations } from './migrations';
import { configureRequests } from './request-settings';

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
   * Limits for serving requests: the pool's waits and hold, and the PostgreSQL timeouts each
   * request's transaction sets on itself as it opens (request-db.ts). Not as startup parameters: a
   * transaction pooler (PgBouncer) refuses those, and could not keep them per client anyway.
   * Without them (migrations, the CLI) statements and lock waits are unbounded: a migration may
   * legitimately build an index for minutes.
   */
  timeouts?: DatabaseTimeouts;
  /** How requests send their hot reads (default named; see request-settings.ts). */
  statements?: 'named' | 'unnamed';
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
 * Names a primary key as PostgreSQL does, `<table>_pkey`: no migration names one, and the tenant
 * tables share their key columns through TenantEntity, where `primaryKeyConstraintName` could give
 * only one name to all of them. Every other constraint and index is named on its entity.
 */
class PostgresKeyNames extends DefaultNamingStrategy {
  override primaryKeyName(tableOrName: Table | string): string {
    return `${this.getTableName(tableOrName)}_pkey`;
  }
}

/**
 * TypeORM options shared by the server, the migration CLI (ormconfig.ts) and the tests: explicit
 * entity and migration lists, never `synchronize`, and `where` values of undefined or null refused
 * so a missing id can never silently widen a query. The entities describe what the migrations
 * build (test/entities-match-migrations.test.ts), so `migration:generate` starts from no changes.
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
    // The migrations own the schema: TypeORM would otherwise try CREATE EXTENSION "uuid-ossp" at
    // every start for the ids it sees generated (gen_random_uuid() is built into PostgreSQL).
    installExtensions: false,
    namingStrategy: new PostgresKeyNames(),
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
  const dataSource = settings.timeouts ? new HoldBoundedDataSource(options, settings.timeouts.holdTimeoutMs) : new DataSource(options);
  configureRequests(dataSource, {
    // The embedded database is one session for every connection (embedded.ts), where PostgreSQL's
    // timers would end or cancel the one session everything shares; it never had these limits.
    timeouts: settings.sharedSession ? undefined : settings.timeouts,
    named: settings.statements !== 'unnamed',
    sharedSession: settings.sharedSession ?? false,
  });
  return dataSource;
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
