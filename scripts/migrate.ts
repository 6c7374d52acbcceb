import 'reflect-metadata';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { startEmbeddedDatabase } from '../src/db/embedded';
import { migrateDatabase } from '../src/db/open-database';

/**
 * `npm run migration:run`: applies pending migrations to DATABASE_URL, or to the embedded database
 * under DATA_DIR (refused while another process, a running server say, holds that directory; the
 * server migrates at start anyway).
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger('info');
  if (config.databaseUrl) return migrateDatabase({ url: config.databaseUrl, poolSize: 1 }, logger);
  const embedded = await startEmbeddedDatabase(config.dataDir, undefined, 'migrations');
  try {
    await migrateDatabase(embedded.connection, logger);
  } finally {
    await embedded.stop();
  }
}

main().then(
  () => console.log('Migrations are up to date.'),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
