import { DataSource, type DataSourceOptions } from 'typeorm';
import { types } from 'pg';
import { entities } from './entities';
import { migrations } from './migrations';

// Calendar days stay 'YYYY-MM-DD' strings: a JavaScript Date would shift them by the time zone.
types.setTypeParser(1082, (value: string) => value);

export interface DataSourceSettings {
  url: string;
  poolSize: number;
  /** Milliseconds a statement may run before PostgreSQL cancels it. */
  statementTimeoutMs?: number;
  /** Application name, visible in pg_stat_activity. */
  applicationName?: string;
}

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
      connectionTimeoutMillis: 10_000,
      statement_timeout: settings.statementTimeoutMs ?? 15_000,
      idle_in_transaction_session_timeout: 60_000,
    },
  };
}

export function createDataSource(settings: DataSourceSettings): DataSource {
  return new DataSource(dataSourceOptions(settings));
}
