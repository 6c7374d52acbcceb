import { DataSource, type DataSourceOptions } from 'typeorm';
import { types } from 'pg';
import type { DatabaseTimeouts } from '../config';
import { entities } from './entities';
import { migrations } from './migrations';

// Calendar days stay 'YYYY-MM-DD' strings: a JavaScript Date would shift them by the time zone.
types.setTypeParser(1082, (value: string) => value);

export interface DataSourceSettings {
  url: string;
  poolSize: number;
  /**
   * Per-connection limits for serving requests. Without them (migrations, the CLI) statements and
   * lock waits are unbounded: a migration may legitimately build an index for minutes.
   */
  timeouts?: DatabaseTimeouts;
  /** Application name, visible in pg_stat_activity. */
  applicationName?: string;
}

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
    entities,
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

export function createDataSource(settings: DataSourceSettings): DataSource {
  return new DataSource(dataSourceOptions(settings));
}
