import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { StatementsSetting } from '../config';
import { ConfigError } from '../config';
import type { Logger } from '../logger';
import type { RequestSettings } from './request-settings';

/**
 * What the way to PostgreSQL does with a named statement:
 * - `own-session`: each connection has a backend of its own (PostgreSQL itself, a TCP proxy, a
 *   session pooler), which keeps its statements;
 * - `pooler-prepares`: a pooler hands out backends per transaction but prepares named statements
 *   itself (PgBouncer 1.21 or later with `max_prepared_statements` above 0);
 * - `shared-sessions`: a transaction pooler passes the names through to whichever backend serves
 *   the transaction (PgBouncer 1.18 to 1.20, or later without `max_prepared_statements`). A
 *   statement prepared on one backend is then missing on the next ("prepared statement does not
 *   exist") or taken by another client ("already exists"): named statements cannot work.
 */
export type StatementRoute = 'own-session' | 'pooler-prepares' | 'shared-sessions';

/**
 * Finds out, on `url`, which {@link StatementRoute} named statements take. One connection
 * prepares a statement of a random name in a transaction and looks for it among the backend's
 * statements (a pooler that prepares them renames them); a second connection, opened beside it,
 * then looks in its own backend's. A backend that is the first connection's, or holds its
 * statement, is shared: a transaction pooler gives the backend just released (PgBouncer reuses the
 * most recent) to the next transaction. Tried `attempts` times, since a pooler busy with other
 * clients may hand over another backend; finding sharing once is proof, never finding it is not,
 * hence the fallback on the errors themselves ({@link fallBackOnFailure}).
 */
/** The check's connections' name in pg_stat_activity. */
export const STATEMENT_CHECK_APPLICATION_NAME = 'partnership-hub-statement-check';

export async function checkStatementRoute(url: string, attempts = 3): Promise<StatementRoute> {
  // Bounded from this side: a pooler refuses statement_timeout as a startup parameter, and a
  // server that hangs here must fail the start rather than stall it.
  const options = { connectionString: url, application_name: STATEMENT_CHECK_APPLICATION_NAME, connectionTimeoutMillis: 10_000, query_timeout: 10_000 };
  const first = new Client(options);
  const second = new Client(options);
  try {
    await first.connect();
    await second.connect();
    for (let attempt = 0; attempt < attempts; attempt += 1) {
      const name = `ph_check_${randomBytes(8).toString('hex')}`;
      await first.query('BEGIN');
      const prepared = await first.query<{ pid: number }>({ name, text: 'SELECT pg_backend_pid() AS pid', values: [] });
      const own = await first.query<{ found: boolean }>('SELECT EXISTS (SELECT 1 FROM pg_prepared_statements WHERE name = $1) AS found', [name]);
      await first.query('COMMIT');
      if (!own.rows[0]?.found) return 'pooler-prepares';
      await second.query('BEGIN');
      const other = await second.query<{ pid: number; found: boolean }>('SELECT pg_backend_pid() AS pid, EXISTS (SELECT 1 FROM pg_prepared_statements WHERE name = $1) AS found', [
        name,
      ]);
      await second.query('COMMIT');
      if (other.rows[0]?.pid === prepared.rows[0]?.pid || other.rows[0]?.found) return 'shared-sessions';
    }
    return 'own-session';
  } finally {
    await Promise.all([first.end().catch(() => undefined), second.end().catch(() => undefined)]);
  }
}

const SHARED =
  'a transaction pooler that passes named statements through to shared backends (PgBouncer before 1.21, or without max_prepared_statements), ' + 'where they cannot work';
const NAMED_ANYWAY = 'PgBouncer 1.21 or later with max_prepared_statements = 200 would carry them';

/**
 * How requests on `url` send their hot reads, from the `DATABASE_STATEMENTS` setting and what
 * {@link checkStatementRoute} finds, said in the log. `named` behind a pooler that cannot carry
 * named statements refuses to start (ConfigError): the operator asked for them, and serving with
 * a share of reads failing at random is worse than not serving. `auto` uses unnamed ones there,
 * with a warning, since that serves correctly at a measured cost. `unnamed` needs no check.
 */
export async function chooseStatements(setting: StatementsSetting, url: string, logger: Logger): Promise<'named' | 'unnamed'> {
  if (setting === 'unnamed') {
    logger.info({ statements: 'unnamed' }, 'database statements: unnamed (DATABASE_STATEMENTS=unnamed)');
    return 'unnamed';
  }
  const route = await checkStatementRoute(url);
  if (route !== 'shared-sessions') {
    logger.info({ statements: 'named', route }, `database statements: named (${route === 'pooler-prepares' ? 'the pooler prepares them' : 'each connection has its own session'})`);
    return 'named';
  }
  if (setting === 'named') {
    throw new ConfigError(`DATABASE_STATEMENTS=named, but DATABASE_URL leads to ${SHARED}: set DATABASE_STATEMENTS=unnamed (or auto); ${NAMED_ANYWAY}`);
  }
  logger.warn({ statements: 'unnamed', route }, `database statements: unnamed, since DATABASE_URL leads to ${SHARED} (${NAMED_ANYWAY})`);
  return 'unnamed';
}

/**
 * Sets `settings` to unnamed statements at the first read that fails as a shared session makes
 * named ones fail: the start-up check can miss a pooler that was busy, and after this only the
 * reads that were already under way fail. Under an explicit `named`, it only says so.
 */
export function fallBackOnFailure(setting: StatementsSetting, settings: RequestSettings, logger: Logger): void {
  settings.onNamedFailure = (error) => {
    if (!settings.named) return;
    if (setting === 'auto') settings.named = false;
    logger.error(
      { err: error },
      setting === 'auto'
        ? `a named statement failed as behind ${SHARED}: unnamed statements from now on`
        : `a named statement failed as behind ${SHARED} (DATABASE_STATEMENTS=named): ${NAMED_ANYWAY}`,
    );
  };
}
