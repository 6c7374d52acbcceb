import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { migrations } from '../src/db/migrations';
import { migrateDatabase } from '../src/db/open-database';
import { startEmbeddedDatabase } from '../src/db/embedded';
import { createLogger } from '../src/logger';
import { adminUrl, databaseUrl, withAdminClient } from './support/test-database';

// Replicas that start together on a new database migrate one at a time: the first applies every
// migration, the others wait on the advisory lock and then find nothing to do.
const logger = createLogger('silent');

if (adminUrl) {
  it('queues concurrent migrations on an advisory lock: every one succeeds and each migration is applied once', async () => {
    const name = `ph_test_${randomBytes(6).toString('hex')}`;
    await withAdminClient((client) => client.query(`CREATE DATABASE ${name}`));
    try {
      const url = databaseUrl(adminUrl!, name);
      await Promise.all(Array.from({ length: 3 }, () => migrateDatabase({ url, poolSize: 1 }, logger)));
      const client = new Client({ connectionString: url });
      await client.connect();
      const applied = await client.query<{ name: string }>('SELECT name FROM typeorm_migrations ORDER BY id').finally(() => client.end());
      expect(applied.rows.map((row) => row.name)).toEqual(migrations.map((migration) => migration.name));
    } finally {
      await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    }
  });
} else {
  it('migrates the embedded database, one session held by one process, without a lock', async () => {
    const embedded = await startEmbeddedDatabase(null);
    try {
      await migrateDatabase(embedded.connection, logger);
      await migrateDatabase(embedded.connection, logger);
    } finally {
      await embedded.stop();
    }
  });
}
