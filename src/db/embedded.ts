import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import type { DatabaseConnection } from './data-source';
import { lockDataDir, type DataDirLock } from './data-dir-lock';

/** An in-process PostgreSQL (PGlite) reachable by the ordinary `pg` driver over a Unix socket. */
export interface EmbeddedDatabase {
  /** A postgres:// URL for `pg`; all connections share PGlite's single session. */
  url: string;
  /**
   * How a data source connects: one pooled connection (a second would interleave transactions),
   * and a session that outlives every connection (see `sharedSession`).
   */
  connection: DatabaseConnection;
  /** A tarball of the data directory, loadable with `startEmbeddedDatabase(null, tarball)`. */
  dump(): Promise<Blob>;
  /** Records where the server using it listens, for `npm run seed` (see data-dir-lock.ts). */
  advertise(url: string): void;
  stop(): Promise<void>;
}

/**
 * Starts PGlite with its data in `dataDir` (or in memory when null) and serves it on a Unix socket
 * in a private temporary folder, so no TCP port is taken and nothing else can reach it. `dataDir`
 * is locked for this process (`role` says what it is): another process's lock on it throws
 * DataDirLockedError before anything in it is touched.
 */
export async function startEmbeddedDatabase(dataDir: string | null, loadDataDir?: Blob, role = 'server'): Promise<EmbeddedDatabase> {
  const lock: DataDirLock | undefined = dataDir ? lockDataDir(dataDir, role) : undefined;
  try {
    return await start(dataDir, loadDataDir, lock);
  } catch (error) {
    lock?.release();
    throw error;
  }
}

async function start(dataDir: string | null, loadDataDir: Blob | undefined, lock: DataDirLock | undefined): Promise<EmbeddedDatabase> {
  const db = await PGlite.create({ dataDir: dataDir ? path.join(dataDir, 'pgdata') : undefined, loadDataDir });
  const socketDir = mkdtempSync(path.join(os.tmpdir(), 'ph-pglite-'));
  const server = new PGLiteSocketServer({ db, path: path.join(socketDir, '.s.PGSQL.5432'), maxConnections: 4 });
  await server.start();
  const url = `postgres://postgres@localhost/postgres?host=${encodeURIComponent(socketDir)}`;
  return {
    url,
    connection: { url, poolSize: 1, sharedSession: true },
    dump: () => db.dumpDataDir('none'),
    advertise: (serving) => lock?.advertise(serving),
    async stop() {
      await server.stop();
      await db.close();
      rmSync(socketDir, { recursive: true, force: true });
      lock?.release();
    },
  };
}
