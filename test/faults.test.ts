import { Client } from 'pg';
import { buildOrganisation } from './support/factories';
import { NO_INTERNALS, timed, waitForStatus } from './support/fault-checks';
import { dataOf, errorCode, startTestServer, untilSubscribed, type Caller, type TestServer } from './support/harness';
import { gqlAt, processClient, startServerProcess } from './support/server-process';
import { proxyTo, type TcpProxy } from './support/tcp-proxy';
import { adminUrl, createTestDatabase, type TestDatabase } from './support/test-database';
import { connect, pause } from './support/ws-client';

// PostgreSQL unreachable or restarting (catalogue 46, 47, 49): the server is put behind a TCP proxy
// the test cuts and restores; the shared PostgreSQL other files use is never touched. Latency and
// a hung link are in faults-slow-database.test.ts, SIGKILL in faults-sigkill.test.ts.

// The embedded database lives inside the server's process: there is no network to cut.
if (adminUrl)
  describe('database faults through a TCP proxy', () => {
    let database: TestDatabase;
    let proxy: TcpProxy;
    let server: TestServer;
    /** Reads the database directly, bypassing the proxy. */
    let direct: Client;

    beforeAll(async () => {
      database = await createTestDatabase();
      let url: string;
      let listenUrl: string | undefined;
      ({ proxy, url, listenUrl } = await proxyTo(database));
      direct = new Client({ connectionString: database.url });
      await direct.connect();
      server = await startTestServer({
        database: { url, listenUrl, poolSize: 5, drop: async () => undefined },
        env: { DB_CONNECTION_TIMEOUT_MS: '1000' },
      });
    }, 60_000);

    afterAll(async () => {
      proxy?.restore();
      await server?.stop();
      await direct?.end();
      await proxy?.close();
      await database?.drop();
    }, 60_000);

    it('says 503 within seconds, fails fast with a masked error, and resumes by itself', async () => {
      const org = await buildOrganisation(server);
      const socket = connect(server.wsUrl, { authorization: `Bearer ${org.owner.token}`, organisation: org.slug });
      const events = socket.subscribe(`subscription { activity { summary } }`);
      try {
        await untilSubscribed(server, org);
        proxy.cut();
        const unready = await waitForStatus(`${server.url}/readyz`, 503, 10_000);
        expect(unready).toBeLessThan(5_000);
        expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

        for (const operation of [`{ organisation { name } }`, `mutation { createApiKey(input: { name: "during outage" }) { secret } }`]) {
          const { ms, result } = await timed(() => server.gql(operation, {}, org.as));
          expect(ms).toBeLessThan(5_000);
          expect(result.status).toBe(500);
          expect(result.body.errors?.[0]).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
          expect(JSON.stringify(result.body)).not.toMatch(NO_INTERNALS);
        }

        proxy.restore();
        const ready = await waitForStatus(`${server.url}/readyz`, 200, 10_000);
        expect(ready).toBeLessThan(10_000);
        expect(dataOf(await server.gql(`{ organisation { slug } }`, {}, org.as)).organisation.slug).toBe(org.slug);
        // The LISTEN connection came back too: live updates flow again without a restart.
        dataOf(await server.gql(`mutation { createApiKey(input: { name: "after outage" }) { secret } }`, {}, org.as));
        const [event] = await events.waitFor(1, 15_000);
        expect(event?.data?.activity.summary).toMatch(/after outage/);
        const { rows } = await direct.query(`SELECT name FROM api_keys WHERE name IN ('during outage', 'after outage')`);
        expect(rows).toEqual([{ name: 'after outage' }]);
      } finally {
        proxy.restore();
        await socket.dispose();
      }
    });

    it('commits each in-flight mutation whole or not at all when the connection drops', async () => {
      const org = await buildOrganisation(server);
      const names = Array.from({ length: 20 }, (_, i) => `Inflight ${org.slug} ${i}`);
      const calls = names.map((name) =>
        server.gql(`mutation ($input: CreatePartnerInput!) { createPartner(input: $input) { id name } }`, { input: { name, kind: 'STAFF' } }, org.as),
      );
      // Cut as soon as the first one is answered: the rest are queued or mid-transaction.
      await Promise.race(calls);
      proxy.cut();
      const responses = await Promise.all(calls);
      proxy.restore();
      await waitForStatus(`${server.url}/readyz`, 200, 10_000);

      const { rows: partners } = await direct.query(`SELECT name FROM partners WHERE name LIKE $1`, [`Inflight ${org.slug} %`]);
      const { rows: events } = await direct.query(`SELECT summary FROM activity_events WHERE summary LIKE $1`, [`Added Inflight ${org.slug} %`]);
      expect(partners.length).toBeGreaterThanOrEqual(1);
      // Every partner has its event and no event lacks its partner.
      expect(events.map((e) => e.summary).sort()).toEqual(partners.map((p) => `Added ${p.name} as a staff partner`).sort());
      for (const [i, response] of responses.entries()) {
        if (response.status === 200 && !response.body.errors) expect(partners.map((p) => p.name)).toContain(names[i]);
        else {
          expect(errorCode(response)).toBe('INTERNAL_SERVER_ERROR');
          expect(JSON.stringify(response.body)).not.toMatch(NO_INTERNALS);
        }
      }
      // The server serves normally afterwards.
      dataOf(await server.gql(`{ partners(first: 1) { totalCount } }`, {}, org.as));
    });
  });

// A second process on the same database needs PostgreSQL (the embedded one lives in-process).
if (adminUrl)
  describe('SIGTERM (catalogue 45)', () => {
    it('turns readiness 503 at once, lets in-flight HTTP finish, closes sockets with 1001 and exits within its grace period', async () => {
      const database = await createTestDatabase();
      const graceMs = 5_000;
      const delayMs = 1_000;
      const { child, url, exited, output } = await startServerProcess(database.url, {
        SHUTDOWN_GRACE_MS: String(graceMs),
        SHUTDOWN_DELAY_MS: String(delayMs),
        DB_LOCK_TIMEOUT_MS: '20000',
      });
      const direct = new Client({ connectionString: database.url });
      await direct.connect();
      try {
        const gql = (query: string, variables?: Record<string, unknown>, caller?: Caller) => gqlAt(url, query, variables, caller);
        const org = await buildOrganisation(processClient(url));
        const socket = connect(`${url.replace(/^http/, 'ws')}/graphql`, { authorization: `Bearer ${org.owner.token}`, organisation: org.slug });
        socket.subscribe(`subscription { activity { summary } }`);
        await pause(300);

        // Hold the organisation's write lock so a mutation is in flight when the signal arrives.
        await direct.query('BEGIN');
        await direct.query('SELECT 1 FROM organisation_event_counters c JOIN organisations o ON o.id = c.organisation_id WHERE o.slug = $1 FOR UPDATE OF c', [org.slug]);
        const inFlight = gql(`mutation { createApiKey(input: { name: "in flight" }) { apiKey { name } } }`, {}, org.as);
        await pause(300);

        const signalled = performance.now();
        child.kill('SIGTERM');
        // Once the process has taken the signal (a loaded machine may take a while to schedule it),
        // readiness answers 503 at once, while in-flight work goes on.
        for (let waited = 0; !output().includes('"msg":"shutting down"'); waited += 10) {
          if (waited > 5_000) throw new Error('the server never took SIGTERM');
          await pause(10);
        }
        expect((await fetch(`${url}/readyz`)).status).toBe(503);
        await pause(300);
        await direct.query('ROLLBACK');

        const finished = await inFlight;
        expect(finished.status).toBe(200);
        expect(finished.body.data.createApiKey.apiKey.name).toBe('in flight');
        expect(await socket.closed).toBe(1001);
        expect(await exited).toBe(0);
        expect(performance.now() - signalled).toBeLessThan(delayMs + graceMs);
        const { rows } = await direct.query(`SELECT name FROM api_keys WHERE name = 'in flight'`);
        expect(rows).toHaveLength(1);
      } catch (error) {
        throw new Error(`${String(error)}\nserver output:\n${output()}`, { cause: error });
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
        await direct.end();
        await database.drop();
      }
    }, 90_000);
  });

describe('stopping (in process, either database)', () => {
  it('answers 503 from readiness at once, serves meanwhile, then closes sockets with 1001', async () => {
    const s = await startTestServer({ env: { SHUTDOWN_DELAY_MS: '500' } });
    try {
      const org = await buildOrganisation(s);
      const socket = connect(s.wsUrl, { authorization: `Bearer ${org.owner.token}`, organisation: org.slug });
      socket.subscribe(`subscription { activity { summary } }`);
      await pause(300);
      const inFlight = s.gql(`mutation { createApiKey(input: { name: "while stopping" }) { apiKey { name } } }`, {}, org.as);
      const stopping = s.running.stop();
      expect((await fetch(`${s.url}/readyz`)).status).toBe(503);
      expect(dataOf(await inFlight).createApiKey.apiKey.name).toBe('while stopping');
      expect(await socket.closed).toBe(1001);
      await stopping;
    } finally {
      await s.stop();
    }
  });
});
