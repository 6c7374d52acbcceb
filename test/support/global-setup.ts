import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDataSource } from '../../src/db/data-source';
import { startEmbeddedDatabase } from '../../src/db/embedded';
import { REDIS_ENV, redisAnswers, TEST_REDIS_URL } from './redis';
import { adminUrl, databaseUrl, TEMPLATE_ENV, withAdminClient } from './test-database';

/** Migrates one template (PostgreSQL) or one snapshot (embedded) that every test file clones. */
export default async function globalSetup(): Promise<void> {
  if (await redisAnswers()) process.env[REDIS_ENV] = TEST_REDIS_URL;
  if (adminUrl) {
    const name = `ph_tpl_${randomBytes(6).toString('hex')}`;
    await withAdminClient((client) => client.query(`CREATE DATABASE ${name}`));
    const dataSource = createDataSource({ url: databaseUrl(adminUrl, name), poolSize: 1 });
    await dataSource.initialize();
    await dataSource.runMigrations();
    await dataSource.destroy();
    process.env[TEMPLATE_ENV] = name;
    return;
  }
  const embedded = await startEmbeddedDatabase(null);
  const dataSource = createDataSource(embedded.connection);
  await dataSource.initialize();
  await dataSource.runMigrations();
  await dataSource.destroy();
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'ph-test-')), 'template.tar');
  writeFileSync(file, Buffer.from(await (await embedded.dump()).arrayBuffer()));
  await embedded.stop();
  process.env[TEMPLATE_ENV] = file;
}
