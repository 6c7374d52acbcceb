import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { createDataSource, type DatabaseConnection } from './data-source';
import { startEmbeddedDatabase } from './embedded';

export interface OpenDatabase {
  mode: 'postgres' | 'embedded';
  dataSource: DataSource;
  /** Records where this process serves HTTP, for the next one that finds the data directory held. */
  advertise(url: string): void;
  close(): Promise<void>;
}

/**
 * Runs the pending migrations on a connection of their own, without the request timeouts (an
 * index build may take minutes).
 */
export async function migrateDatabase(connection: DatabaseConnection, logger: Logger): Promise<void> {
  const migrator = createDataSource({ ...connection, poolSize: 1 });
  await migrator.initialize();
  try {
    const applied = await migrator.runMigrations();
    if (applied.length > 0) logger.info({ migrations: applied.map((m) => m.name) }, 'migrations applied');
  } finally {
    await migrator.destroy();
  }
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
