import { rmSync } from 'node:fs';
import path from 'node:path';
import { adminUrl, TEMPLATE_ENV, withAdminClient } from './test-database';

export default async function globalTeardown(): Promise<void> {
  const template = process.env[TEMPLATE_ENV];
  if (!template) return;
  if (adminUrl) {
    await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`));
  } else {
    rmSync(path.dirname(template), { recursive: true, force: true });
  }
}
