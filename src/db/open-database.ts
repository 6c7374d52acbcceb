import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { createDataSource, type DatabaseConnection } from './data-source';
import { startEmbeddedDatabase } from './embedded';
import { requestSettings } from './request-settings';
import { chooseStatements, fallBackOnFailure } from './statement-check';

export interface OpenDatabase {
  mode: 'postgres' | 'embedded';
  dataSource: DataSource;
  /** Records where this process serves HTTP, for the next one that finds the data directory held. */
  advertise(url: string): void;
  close(): Promise<void>;
}

/**
 * The advisory lock key migrations hold, database-wide: the 64-bit number of the text
 * 'partnership-hub migrations' (hashtextextended), so no other use of advisory locks collides.
 */
export const MIGRATION_LOCK = `hashtextextended('partnership-hub migrations', 0)`;

/**
 * Runs the pending migrations on connections of their own, without the request timeouts (an
 * index build may take minutes), one process at a time: replicas that start together queue on an
 * advisory lock while the first migrates, and the later ones find nothing left to do. The lock is
 * a transaction's, held open on a second connection for as long as the migrations run: a
 * transaction pooler keeps that connection's server session for the whole transaction and the
 * commit releases the lock, where a session lock could be left held on a pooled server session.
 */
export async function migrateDatabase(connection: DatabaseConnection, logger: Logger): Promise<void> {
  // The embedded database is one session that one process holds (its data directory is locked):
  // nobody to queue behind, and no second session to hold a lock in.
  const locked = !connection.sharedSession;
  const migrator = createDataSource({ ...connection, poolSize: locked ? 2 : 1 });
  await migrator.initialize();
  const lock = locked ? migrator.createQueryRunner() : undefined;
  try {
    await lock?.startTransaction();
    await lock?.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    const applied = await migrator.runMigrations();
    if (applied.length > 0) logger.info({ migrations: applied.map((m) => m.name) }, 'migrations applied');
  } finally {
    // Ending the transaction releases the lock (as a crash, which ends the connection, would).
    if (lock?.isTransactionActive) await lock.commitTransaction().catch(() => undefined);
    await lock?.release().catch(() => undefined);
    await migrator.destroy();
  }
}

/**
 * Settles how requests on `dataSource` (on `DATABASE_URL`) send their hot reads: named statements
 * unless the way to PostgreSQL cannot carry them (see statement-check.ts).
 */
export async function chooseStatementsFor(dataSource: DataSource, config: Pick<Config, 'statements' | 'databaseUrl'>, logger: Logger): Promise<void> {
  const settings = requestSettings(dataSource);
  settings.named = (await chooseStatements(config.statements, config.databaseUrl!, logger)) === 'named';
  fallBackOnFailure(config.statements, settings, logger);
}

/**
 * Connects to `DATABASE_URL`, or starts the embedded database under `DATA_DIR`, and migrates it
 * (unless `migrate` is false: the processes of a cluster leave that to their primary). Both modes
 * then run the same migrations, row-level security and request path.
 */
export async function openDatabase(
  config: Config,
  logger: Logger,
  { entities, migrate = true, role = 'server' }: { entities: readonly Function[]; migrate?: boolean; role?: string },
): Promise<OpenDatabase> {
  const embedded = config.databaseUrl ? undefined : await startEmbeddedDatabase(config.dataDir, undefined, role);
  const connection = embedded?.connection ?? { url: config.databaseUrl!, poolSize: config.poolSize };
  const dataSource = createDataSource({ ...connection, entities, timeouts: config.db });
  try {
    if (migrate) await migrateDatabase(connection, logger);
    if (!embedded) await chooseStatementsFor(dataSource, config, logger);
    await dataSource.initialize();
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  return {
    mode: embedded ? 'embedded' : 'postgres',
    dataSource,
    advertise: (url) => embedded?.advertise(url),
    async close() {
      await dataSource.destroy();
      await embedded?.stop();
    },
  };
}
