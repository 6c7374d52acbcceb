import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { loadConfig, type DatabaseTimeouts } from '../src/config';
import { createDataSource } from '../src/db/data-source';
import { RequestDb } from '../src/db/request-db';
import { buildOrganisation } from './support/factories';
import { dataOf, errorCode, useTestServer } from './support/harness';
import { pause } from './support/ws-client';
import { adminUrl } from './support/test-database';
import { entities } from '../src/features';

// A slow, locked or stuck database must not pin the pool: each wait is bounded (catalogue 49).

const server = useTestServer({ env: { DB_LOCK_TIMEOUT_MS: '500' } });

const NO_INTERNALS = /stack|\.ts:|\.js:|node_modules|\/work\/|SELECT|INSERT|relation "|column "|QueryFailedError|lock/i;

/** A data source on the test server's database with `overrides` on the default timeouts. */
async function withDataSource(overrides: Partial<DatabaseTimeouts>, poolSize: number, work: (ds: DataSource) => Promise<void>): Promise<void> {
  const timeouts = { ...loadConfig({ AUTH_SECRET: 'x'.repeat(32) }).db, ...overrides };
  const dataSource = createDataSource({ entities, url: server.database.url, poolSize, timeouts });
  await dataSource.initialize();
  try {
    await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

async function elapsed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T | undefined; error: any }> {
  const started = performance.now();
  try {
    const result = await work();
    return { ms: performance.now() - started, result, error: undefined };
  } catch (error) {
    return { ms: performance.now() - started, result: undefined, error };
  }
}

describe('database timeouts', () => {
  it('has sane defaults, each tunable', () => {
    expect(loadConfig({ AUTH_SECRET: 'x'.repeat(32) }).db).toEqual({
      statementTimeoutMs: 15_000,
      lockTimeoutMs: 5_000,
      idleInTransactionTimeoutMs: 60_000,
      connectionTimeoutMs: 5_000,
      idleTimeoutMs: 10_000,
      holdTimeoutMs: 30_000,
    });
    expect(loadConfig({ AUTH_SECRET: 'x'.repeat(32), DB_STATEMENT_TIMEOUT_MS: '2500' }).db.statementTimeoutMs).toBe(2_500);
    expect(() => loadConfig({ AUTH_SECRET: 'x'.repeat(32), DB_LOCK_TIMEOUT_MS: 'soon' })).toThrow(/DB_LOCK_TIMEOUT_MS/);
  });

  it('bounds waiting for a free pooled connection (connection timeout)', async () => {
    await withDataSource({ connectionTimeoutMs: 300 }, 1, async (dataSource) => {
      const holder = dataSource.createQueryRunner();
      await holder.connect();
      try {
        const waited = await elapsed(() => dataSource.query('SELECT 1'));
        expect(waited.error?.message).toMatch(/timeout/i);
        expect(waited.ms).toBeLessThan(3_000);
      } finally {
        await holder.release();
      }
      expect(await dataSource.query('SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
    });
  });

  // PGlite is one embedded session: a second client would share the server's transaction, and
  // pg_sleep or an idle session would stall the server's only connection. PostgreSQL only.
  if (adminUrl) {
    it('fails a request stuck behind a lock within lock_timeout, masked, and then serves it', async () => {
      const org = await buildOrganisation(server);
      // Every write of an organisation takes its event counter's row lock first: hold it elsewhere.
      const admin = new Client({ connectionString: server.database.url });
      await admin.connect();
      try {
        await admin.query('BEGIN');
        await admin.query('SELECT 1 FROM organisation_event_counters c JOIN organisations o ON o.id = c.organisation_id WHERE o.slug = $1 FOR UPDATE OF c', [org.slug]);
        const blocked = await elapsed(() => server.gql(`mutation { createApiKey(input: { name: "blocked" }) { secret } }`, {}, org.as));
        expect(blocked.ms).toBeLessThan(4_000);
        expect(errorCode(blocked.result!)).toBe('INTERNAL_SERVER_ERROR');
        expect(JSON.stringify(blocked.result!.body)).not.toMatch(NO_INTERNALS);
        // Other organisations' writes do not wait on it.
        const other = await buildOrganisation(server);
        dataOf(await server.gql(`mutation { createApiKey(input: { name: "elsewhere" }) { secret } }`, {}, other.as));
      } finally {
        await admin.query('ROLLBACK').catch(() => undefined);
        await admin.end();
      }
      dataOf(await server.gql(`mutation { createApiKey(input: { name: "after" }) { secret } }`, {}, org.as));
      expect(await server.sql(`SELECT name FROM api_keys WHERE name IN ('blocked', 'after')`)).toEqual([{ name: 'after' }]);
    });

    // The limits are set by the query that opens each request's transaction (not as startup
    // parameters, which a transaction pooler refuses): requests, readiness probes and event reads
    // all open theirs through RequestDb.
    it('cancels a statement that runs past statement_timeout', async () => {
      await withDataSource({ statementTimeoutMs: 300 }, 1, async (dataSource) => {
        const db = new RequestDb(dataSource, {});
        const slow = await elapsed(() => db.query('sleep', 'SELECT pg_sleep(5)'));
        await db.finish(false);
        expect(slow.error?.code).toBe('57014');
        expect(slow.ms).toBeLessThan(3_000);
        const next = new RequestDb(dataSource, {});
        expect(await next.query('check', 'SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
        await next.finish(true);
      });
    });

    it('ends a session left idle inside a transaction, and the pool recovers', async () => {
      await withDataSource({ idleInTransactionTimeoutMs: 1_000 }, 1, async (dataSource) => {
        const db = new RequestDb(dataSource, {});
        await db.query('start', 'SELECT 1');
        await pause(2_000);
        await expect(db.query('too late', 'SELECT 1')).rejects.toThrow();
        await db.finish(false).catch(() => undefined);
        expect(await dataSource.query('SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
      });
    });

    it('sets the limits inside the transaction, not on the connection', async () => {
      await withDataSource({ statementTimeoutMs: 1_234, lockTimeoutMs: 567, idleInTransactionTimeoutMs: 8_901 }, 1, async (dataSource) => {
        const db = new RequestDb(dataSource, {});
        const [inside] = await db.query<Record<string, string>>(
          'settings',
          "SELECT current_setting('statement_timeout') AS statement, current_setting('lock_timeout') AS lock, current_setting('idle_in_transaction_session_timeout') AS idle",
        );
        await db.finish(true);
        expect(inside).toEqual({ statement: '1234ms', lock: '567ms', idle: '8901ms' });
        // What a pooler would hand the next client: the connection as PostgreSQL configured it.
        const [outside] = await dataSource.query("SELECT current_setting('statement_timeout') AS statement, current_setting('lock_timeout') AS lock");
        expect(outside).toEqual({ statement: '0', lock: '0' });
      });
    });
  }
});
