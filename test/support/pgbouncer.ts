import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { adminUrl } from './test-database';

/** A PgBouncer in transaction mode in front of the suite's PostgreSQL. */
export interface Pooler {
  /** postgres://postgres@host:port/postgres: swap the path for a database's name. */
  url: string;
  stop(): Promise<void>;
}

const SCRIPT = path.resolve(__dirname, '../../scripts/pgbouncer.sh');

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * `TEST_PGBOUNCER_URL` when set (CI starts one with scripts/pgbouncer.sh), else a PgBouncer of
 * this file's own on a free port, started with the same script: Debian's `pgbouncer` must be
 * installed (apt-get install -y pgbouncer). Only with PostgreSQL (`TEST_DATABASE_URL`).
 */
export async function startPooler(): Promise<Pooler> {
  const given = process.env.TEST_PGBOUNCER_URL;
  if (given) return { url: given, stop: async () => undefined };
  if (!adminUrl) throw new Error('A PgBouncer needs PostgreSQL (TEST_DATABASE_URL)');
  const upstream = new URL(adminUrl);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ph-pgbouncer-'));
  const port = await freePort();
  let url: string;
  try {
    url = execFileSync(SCRIPT, ['start', dir, String(port), upstream.hostname, upstream.port || '5432'], { encoding: 'utf8' }).trim();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`Could not start PgBouncer (install it: apt-get install -y pgbouncer; or set TEST_PGBOUNCER_URL): ${(error as Error).message}`, { cause: error });
  }
  return {
    url,
    async stop() {
      execFileSync(SCRIPT, ['stop', dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `url` (of a test database) with its host and port replaced by the pooler's. */
export function throughPooler(url: string, pooler: Pooler): string {
  const given = new URL(url);
  given.host = new URL(pooler.url).host;
  return given.toString();
}
