import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedDatabase } from '../../src/db/embedded';
import { backends, eventually } from './fault-checks';
import { adminUrl, createTestDatabase } from './test-database';

/** Where the servers keep their data, and a direct look at it once every server is gone. */
export interface Store {
  databaseUrl: string | null;
  env: Record<string, string>;
  /** A superuser client on the data, once no server process is left (their sessions ended). */
  inspect(): Promise<Client>;
  dispose(): Promise<void>;
}

export async function postgresStore(): Promise<Store> {
  const database = await createTestDatabase();
  const client = new Client({ connectionString: database.url });
  await client.connect();
  return {
    databaseUrl: database.url,
    env: {},
    async inspect() {
      // A killed process's transactions end when PostgreSQL notices its sockets gone.
      await eventually('every session of the servers ends', 15_000, async () => (await backends(client)).length === 0);
      return client;
    },
    async dispose() {
      await client.end();
      await database.drop();
    },
  };
}

export async function embeddedStore(): Promise<Store> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ph-sigkill-'));
  let opened: { client: Client; stop(): Promise<void> } | undefined;
  return {
    databaseUrl: null,
    env: { DATA_DIR: dataDir },
    async inspect() {
      const embedded = await startEmbeddedDatabase(dataDir);
      const client = new Client({ connectionString: embedded.url });
      await client.connect();
      opened = { client, stop: () => embedded.stop() };
      return client;
    },
    async dispose() {
      await opened?.client.end();
      await opened?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Where server processes of the suite's database mode keep their data across kills and restarts:
 * a fresh PostgreSQL database, or an embedded one in a data directory of its own.
 */
export function suiteStore(): Promise<Store> {
  return adminUrl ? postgresStore() : embeddedStore();
}
