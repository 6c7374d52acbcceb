import { Client } from 'pg';
import { RequestDb } from '../src/db/request-db';
import { loadConfig } from '../src/config';
import { requestSettings, timeoutSettings } from '../src/db/request-settings';
import { fallBackOnFailure } from '../src/db/statement-check';
import { DASHBOARD } from './support/dashboard';
import { buildOrganisation, buildPrinciple, buildProject, buildStage, type TestOrganisation } from './support/factories';
import { waitForStatus } from './support/fault-checks';
import { dataOf, errorCode, startTestServer, untilSubscribed, type GraphQLResponse, type TestServer } from './support/harness';
import { startPooler, throughPooler, type Pooler } from './support/pgbouncer';
import { startServerProcess } from './support/server-process';
import { adminUrl, createTestDatabase, type TestDatabase } from './support/test-database';
import { connect } from './support/ws-client';

// Issue 17: behind a transaction pooler (PgBouncer in transaction mode, what hosted PostgreSQL puts
// in front of the database) the server must start, keep its timeouts, read without named
// statements, hear other replicas' changes on a LISTEN connection of its own, notice when that
// connection is deaf, and never answer a database error as a domain one. Against a real PgBouncer
// (Debian 12's is 1.18: no named statements at all): TEST_PGBOUNCER_URL, or one this file starts.

const ACTIVITY = `subscription { activity { summary } }`;
const addKey = (name: string) => `mutation { createApiKey(input: { name: "${name}" }) { apiKey { id } } }`;
const SET_PRINCIPLES = `mutation ($input: SetProjectPrinciplesInput!) { setProjectPrinciples(input: $input) { id } }`;

/** Runs `count` operations, `concurrency` at a time, and returns their responses. */
async function many(count: number, concurrency: number, run: (index: number) => Promise<GraphQLResponse>): Promise<GraphQLResponse[]> {
  const responses: GraphQLResponse[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) responses.push(await run(next++));
    }),
  );
  return responses;
}

const codes = (responses: GraphQLResponse[]) => [...new Set(responses.map((r) => errorCode(r) ?? 'OK'))].sort();

describe('the settings for a pooler', () => {
  const env = { AUTH_SECRET: 'x'.repeat(32) };
  const url = 'postgres://hub@pooler:6432/hub';

  it('listens on DATABASE_LISTEN_URL, by default DATABASE_URL', () => {
    expect(loadConfig(env).databaseListenUrl).toBeUndefined();
    expect(loadConfig({ ...env, DATABASE_URL: url }).databaseListenUrl).toBe(url);
    expect(loadConfig({ ...env, DATABASE_URL: url, DATABASE_LISTEN_URL: 'postgres://hub@db:5432/hub' }).databaseListenUrl).toBe('postgres://hub@db:5432/hub');
    expect(() => loadConfig({ ...env, DATABASE_LISTEN_URL: 'postgres://hub@db:5432/hub' })).toThrow(/DATABASE_LISTEN_URL needs DATABASE_URL/);
  });

  it('checks which statements work unless told (DATABASE_STATEMENTS), and catches up every 30 s', () => {
    expect(loadConfig(env).statements).toBe('auto');
    expect(loadConfig({ ...env, DATABASE_STATEMENTS: 'unnamed' }).statements).toBe('unnamed');
    expect(() => loadConfig({ ...env, DATABASE_STATEMENTS: 'prepared' })).toThrow(/DATABASE_STATEMENTS must be auto, named or unnamed/);
    expect(loadConfig(env).listenerCatchUpMs).toBe(30_000);
    expect(loadConfig({ ...env, LISTENER_CATCH_UP_MS: '5000' }).listenerCatchUpMs).toBe(5_000);
  });

  it('sets the timeouts as transaction-local settings of integers only', () => {
    expect(timeoutSettings({ statementTimeoutMs: 15_000, lockTimeoutMs: 5_000, idleInTransactionTimeoutMs: 60_000 })).toBe(
      ", set_config('statement_timeout', '15000', true), set_config('lock_timeout', '5000', true), set_config('idle_in_transaction_session_timeout', '60000', true)",
    );
    expect(timeoutSettings(undefined)).toBe('');
    expect(() => timeoutSettings({ statementTimeoutMs: 1.5, lockTimeoutMs: 1, idleInTransactionTimeoutMs: 1 })).toThrow(/non-integer/);
  });
});

// PgBouncer stands in front of PostgreSQL: the embedded database has nothing to pool.
if (adminUrl)
  describe('behind PgBouncer in transaction mode', () => {
    let pooler: Pooler;
    let database: TestDatabase;
    /** The database through the pooler, LISTEN straight to PostgreSQL: how to deploy behind one. */
    let pooled: TestDatabase;
    let a: TestServer;
    let b: TestServer;
    let org: TestOrganisation;

    beforeAll(async () => {
      pooler = await startPooler();
      database = await createTestDatabase();
      pooled = { url: throughPooler(database.listenUrl!, pooler), listenUrl: database.listenUrl, poolSize: 5, drop: async () => undefined };
      const env = { DB_LOCK_TIMEOUT_MS: '500', DB_STATEMENT_TIMEOUT_MS: '1000', DB_HOLD_TIMEOUT_MS: '20000' };
      a = await startTestServer({ database: pooled, env });
      b = await startTestServer({ database: pooled, env });
      org = await buildOrganisation(a);
    }, 120_000);

    afterAll(async () => {
      await a?.stop();
      await b?.stop();
      await database?.drop();
      await pooler?.stop();
    }, 60_000);

    it('starts, having found that named statements cannot pass, and reads unnamed', async () => {
      for (const server of [a, b]) {
        const chosen = server.logs.find((line) => line.statements);
        expect(chosen).toMatchObject({ statements: 'unnamed', route: 'shared-sessions' });
        expect(chosen?.msg).toMatch(/PgBouncer 1\.21 or later with max_prepared_statements/);
        expect(requestSettings(server.dataSource).named).toBe(false);
      }
      // Named statements asked for explicitly: refused, saying why and what to do.
      await expect(startTestServer({ database: pooled, env: { DATABASE_STATEMENTS: 'named' } })).rejects.toThrow(
        /DATABASE_STATEMENTS=named, but DATABASE_URL leads to a transaction pooler.*set DATABASE_STATEMENTS=unnamed/,
      );
    });

    it('starts as a process (src/index.ts), migrating through the pooler, and is ready', async () => {
      const server = await startServerProcess(pooled.url, { DATABASE_LISTEN_URL: pooled.listenUrl!, LISTENER_HEARTBEAT_MS: '500' });
      try {
        await waitForStatus(`${server.url}/readyz`, 200, 10_000);
        expect(server.output()).toMatch(/database statements: unnamed/);
      } finally {
        server.child.kill('SIGTERM');
        expect(await server.exited).toBe(0);
      }
    }, 90_000);

    it('keeps lock_timeout: a request behind a row lock fails on it, masked', async () => {
      const locked = await buildOrganisation(a);
      const holder = new Client({ connectionString: database.listenUrl });
      await holder.connect();
      try {
        await holder.query('BEGIN');
        await holder.query('SELECT 1 FROM organisation_event_counters WHERE organisation_id = $1 FOR UPDATE', [locked.uuid]);
        const blocked = await a.gql(addKey('blocked'), {}, locked.as);
        expect(errorCode(blocked)).toBe('INTERNAL_SERVER_ERROR');
        const requestId = blocked.body.errors![0]!.extensions!.requestId;
        // 55P03: PostgreSQL's lock_timeout fired (not the hold timeout, nor the test's patience).
        const logged = a.logs.find((line) => line.requestId === requestId && line.err);
        expect(JSON.stringify(logged?.err)).toMatch(/55P03|lock timeout/);
      } finally {
        await holder.query('ROLLBACK').catch(() => undefined);
        await holder.end();
      }
      dataOf(await a.gql(addKey('after'), {}, locked.as));
    });

    it('keeps statement_timeout, and leaves the pooled backend as it found it', async () => {
      const db = new RequestDb(a.dataSource, {});
      const [inside] = await db.query<{ statement: string; lock: string }>(
        'settings',
        "SELECT current_setting('statement_timeout') AS statement, current_setting('lock_timeout') AS lock",
      );
      expect(inside).toEqual({ statement: '1s', lock: '500ms' });
      await expect(db.query('sleep', 'SELECT pg_sleep(10)')).rejects.toMatchObject({ code: '57014' });
      await db.finish(false);
      // Outside a request's transaction, whichever backend answers has PostgreSQL's own settings.
      const [outside] = await a.sql("SELECT current_setting('statement_timeout') AS statement, current_setting('lock_timeout') AS lock");
      expect(outside).toEqual({ statement: '0', lock: '0' });
    });

    it('answers dashboard reads again and again, from two servers sharing the backends', async () => {
      for (let p = 0; p < 3; p += 1) {
        const project = await buildProject(a, org.as, { name: `Project ${p}` });
        for (let s = 0; s < 3; s += 1) await buildStage(a, org.as, { projectId: project.id, title: `Stage ${s}` });
      }
      const responses = await many(200, 10, (i) => (i % 2 ? a : b).gql(DASHBOARD, {}, org.as));
      expect(codes(responses)).toEqual(['OK']);
      expect(new Set(responses.map((r) => JSON.stringify(r.body.data))).size).toBe(1);
    }, 60_000);

    it('delivers a change made on one server to a subscriber of the other', async () => {
      const socket = connect(b.wsUrl, { authorization: `Bearer ${org.owner.token}`, organisation: org.slug });
      try {
        const events = socket.subscribe(ACTIVITY);
        await untilSubscribed(b, org);
        for (let i = 0; i < 8; i += 1) dataOf(await a.gql(addKey(`from a ${i}`), {}, org.as));
        const received = await events.waitFor(8, 15_000);
        expect(received.map((r) => r.data?.activity.summary)).toEqual(Array.from({ length: 8 }, (_, i) => `API key from a ${i} (observer) created`));
      } finally {
        await socket.dispose();
      }
      expect((await fetch(`${b.url}/readyz`)).status).toBe(200);
    });

    it('notices a LISTEN connection that goes through the pooler (deaf): log, readiness, and changes still arrive late', async () => {
      const deaf = await startTestServer({
        database: { ...pooled, listenUrl: pooled.url },
        env: { LISTENER_HEARTBEAT_MS: '300', LISTENER_CATCH_UP_MS: '500' },
      });
      const socket = connect(deaf.wsUrl, { authorization: `Bearer ${org.owner.token}`, organisation: org.slug });
      try {
        const readiness = await fetch(`${deaf.url}/readyz`);
        expect(readiness.status).toBe(503);
        expect(await readiness.json()).toMatchObject({ status: 'live updates not arriving', problem: expect.stringMatching(/^deaf.*DATABASE_LISTEN_URL/) });
        expect(deaf.logs.some((line) => line.level === 50 && /event listener is deaf.*reconnecting/.test(line.msg))).toBe(true);
        expect(deaf.live.listener?.health.hearing).toBe(false);

        const events = socket.subscribe(ACTIVITY);
        await untilSubscribed(deaf, org);
        dataOf(await a.gql(addKey('heard late'), {}, org.as));
        const [event] = await events.waitFor(1, 15_000);
        expect(event?.data?.activity.summary).toBe('API key heard late (observer) created');
      } finally {
        await socket.dispose();
        await deaf.stop();
      }
    }, 60_000);

    describe('named statements forced through it (what issue 17 saw)', () => {
      let forced: TestServer;

      beforeAll(async () => {
        forced = await startTestServer({ database: pooled, env: { DATABASE_STATEMENTS: 'unnamed' } });
      }, 60_000);

      afterAll(async () => {
        await forced?.stop();
      });

      /**
       * Replaces every backend PgBouncer holds for the database: the new ones have none of the
       * statements the server's connections believe prepared, so its next named reads fail with
       * "prepared statement does not exist", as they do at random when clients move between backends.
       */
      async function freshBackends(): Promise<void> {
        const admin = new Client({ connectionString: database.listenUrl });
        await admin.connect();
        try {
          await admin.query(
            `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name = 'partnership-hub'`,
          );
        } finally {
          await admin.end();
        }
      }

      it('never answers a failed read as NOT_FOUND', async () => {
        const settings = requestSettings(forced.dataSource);
        settings.named = true;
        settings.onNamedFailure = undefined;
        const project = await buildProject(a, org.as, { name: 'Principled' });
        const principles = [await buildPrinciple(a, org.as), await buildPrinciple(a, org.as)];
        const input = { projectId: project.id, principleIds: principles.map((p) => p.id) };
        // Every connection of the pool prepares the statements of both operations.
        await many(30, 5, (i) => (i % 2 ? forced.gql(SET_PRINCIPLES, { input }, org.as) : forced.gql(DASHBOARD, {}, org.as)));
        await freshBackends();
        const responses = await many(30, 5, () => forced.gql(SET_PRINCIPLES, { input }, org.as));
        expect(codes(responses)).toContain('INTERNAL_SERVER_ERROR');
        for (const code of codes(responses)) expect(['OK', 'INTERNAL_SERVER_ERROR']).toContain(code);
      }, 60_000);

      it('falls back to unnamed statements at the first such failure under DATABASE_STATEMENTS=auto', async () => {
        const settings = requestSettings(forced.dataSource);
        settings.named = true;
        settings.onNamedFailure = undefined;
        // Until every connection has prepared what the dashboard reads on the backends it meets.
        for (let round = 0; round < 10 && codes(await many(20, 5, () => forced.gql(DASHBOARD, {}, org.as))).includes('INTERNAL_SERVER_ERROR'); round += 1);
        await freshBackends();
        const logged: string[] = [];
        fallBackOnFailure('auto', settings, { error: (_: unknown, msg: string) => logged.push(msg) } as never);
        const failing = await many(20, 5, () => forced.gql(DASHBOARD, {}, org.as));
        expect(codes(failing)).toContain('INTERNAL_SERVER_ERROR');
        expect(settings.named).toBe(false);
        expect(logged).toEqual([expect.stringMatching(/unnamed statements from now on/)]);
        const after = await many(100, 8, () => forced.gql(DASHBOARD, {}, org.as));
        expect(codes(after)).toEqual(['OK']);
      }, 60_000);
    });
  });
