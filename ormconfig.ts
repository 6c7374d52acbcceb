import 'reflect-metadata';
import { loadDatabaseConfig } from './src/config';
import { createDataSource } from './src/db/data-source';
import { entities } from './src/features';

/**
 * The data source of the TypeORM CLI (`npx typeorm -d ormconfig.ts migration:show`, `migration:revert`,
 * ...) against PostgreSQL. `npm run migration:run` (scripts/migrate.ts) also migrates the embedded
 * database; this CLI needs a real PostgreSQL:
 * the embedded database lives inside the server process, which migrates it at start.
 */
const { databaseUrl } = loadDatabaseConfig();
if (!databaseUrl) throw new Error('Set DATABASE_URL to run TypeORM commands against PostgreSQL');

export default createDataSource({ entities, url: databaseUrl, poolSize: 2, applicationName: 'partnership-hub-migrations' });
