import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import type { DatabaseConnection } from '../../src/db/data-source';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../src/db/embedded';

/**
 * Where tests get their databases. With TEST_DATABASE_URL (or DATABASE_URL) each test file gets a
 * fresh PostgreSQL database cloned from a migrated template (CREATE DATABASE ... TEMPLATE), so
 * files run in parallel; without either, each file gets its own in-memory embedded database
 * loaded from a migrated snapshot.
 */
export const adminUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;

/**
 * Where the servers under test connect for their requests, when not straight to `adminUrl`: a
 * pooler in front of the same PostgreSQL (CI runs the suite once through PgBouncer in transaction
 * mode). Databases are still created, cloned and dropped on `adminUrl`, and LISTEN stays direct.
 */
export const appUrl = process.env.TEST_APP_DATABASE_URL || adminUrl;

/**
 * The same database on PostgreSQL itself, for a URL of it through the pooler of {@link appUrl}
 * (any other URL as it is): what LISTEN connections and white-box sessions use.
 */
export function directUrlFor(url: string): string {
  if (!adminUrl || !appUrl || appUrl === adminUrl) return url;
  const given = new URL(url);
  const pooler = new URL(appUrl);
  if (given.host !== pooler.host) return url;
  const direct = new URL(adminUrl);
  given.host = direct.host;
  return given.toString();
}

/** Set by global-setup: the template database name, or the embedded snapshot's path. */
export const TEMPLATE_ENV = 'PH_TEST_TEMPLATE';

export function databaseUrl(base: string, database: string): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withAdminClient<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase extends DatabaseConnection {
  /** For LISTEN: the database on PostgreSQL itself (or a session-level way to it); default `url`. */
  listenUrl?: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database for one test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = process.env[TEMPLATE_ENV];
  if (!template) throw new Error('test/support/global-setup.ts did not run (no template)');
  if (!adminUrl) {
    const embedded: EmbeddedDatabase = await startEmbeddedDatabase(null, new Blob([readFileSync(template)]));
    return { ...embedded.connection, drop: () => embedded.stop() };
  }
  const name = `ph_test_${randomBytes(6).toString('hex')}`;
  await withAdminClient((client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  return {
    url: databaseUrl(appUrl!, name),
    listenUrl: databaseUrl(adminUrl, name),
    poolSize: 5,
    drop: () => withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
