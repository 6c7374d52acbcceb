import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { createDataSource } from './data-source';
import { startEmbeddedDatabase } from './embedded';

export interface OpenDatabase {
  mode: 'postgres' | 'embedded';
  dataSource: DataSource;
  close(): Promise<void>;
}

/**
 * Runs the pending migrations on a connection of their own, without the request timeouts (an
 * index build may take minutes).
 */
export async function migrateDatabase(url: string, logger: Logger): Promise<void> {
  const migrator = createDataSource({ url, poolSize: 1 });
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
export async function openDatabase(config: Config, logger: Logger, { migrate = true } = {}): Promise<OpenDatabase> {
  const embedded = config.databaseUrl ? undefined : await startEmbeddedDatabase(config.dataDir);
  const url = config.databaseUrl ?? embedded!.url;
  if (migrate) await migrateDatabase(url, logger);
  const dataSource = createDataSource({
    url,
    // PGlite is one session: a second pooled connection would interleave transactions.
    poolSize: embedded ? 1 : config.poolSize,
    timeouts: config.db,
  });
  await dataSource.initialize();
  return {
    mode: embedded ? 'embedded' : 'postgres',
    dataSource,
    async close() {
      await dataSource.destroy();
      await embedded?.stop();
    },
  };
}
