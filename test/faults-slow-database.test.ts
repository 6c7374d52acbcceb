import { Client, type Pool } from 'pg';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { loadConfig } from '../src/config';
import { buildOrganisation } from './support/factories';
import { backends, eventually, NO_INTERNALS, settlesWithin, timed, waitForStatus } from './support/fault-checks';
import { dataOf, startTestServer, type GraphQLResponse, type TestServer } from './support/harness';
import { proxyTo, type TcpProxy } from './support/tcp-proxy';
import { adminUrl, createTestDatabase, type TestDatabase } from './support/test-database';

// A database link that turns slow or stops answering (catalogue 49): PostgreSQL's own timeouts
// never fire when the network is what hangs, so the server bounds how long any request holds a
// connection (DB_HOLD_TIMEOUT_MS). Toxiproxy's cut (reset_peer) is in faults.test.ts.

const POOL_SIZE = 5;
const CONNECTION_TIMEOUT_MS = 1_000;
const HOLD_TIMEOUT_MS = 2_000;
/**
 * Waiting for a pooled connection, then opening one, then holding it, each to its limit, and a
 * margin for a loaded machine. Without a client-side bound a request waits 10 s for every round
 * trip under 5 s of latency each way, and forever on a hung link.
 */
const BUDGET_MS = CONNECTION_TIMEOUT_MS * 2 + HOLD_TIMEOUT_MS + 4_000;
const APPLICATION = 'partnership-hub';

const CREATE_PARTNER = `mutation ($input: CreatePartnerInput!) { createPartner(input: $input) { id } }`;

describe('the hold timeout (DB_HOLD_TIMEOUT_MS)', () => {
  const env = { AUTH_SECRET: 'x'.repeat(32) };

  it('defaults to 30 s and must exceed the statement timeout, so PostgreSQL acts first on a healthy link', () => {
    expect(loadConfig(env).db.holdTimeoutMs).toBe(30_000);
    expect(loadConfig({ ...env, DB_HOLD_TIMEOUT_MS: '2000', DB_STATEMENT_TIMEOUT_MS: '1500' }).db.holdTimeoutMs).toBe(2_000);
    expect(() => loadConfig({ ...env, DB_HOLD_TIMEOUT_MS: '10000' })).toThrow(/DB_HOLD_TIMEOUT_MS \(10000\) must be greater than DB_STATEMENT_TIMEOUT_MS \(15000\)/);
    expect(() => loadConfig({ ...env, DB_HOLD_TIMEOUT_MS: 'never' })).toThrow(/DB_HOLD_TIMEOUT_MS/);
  });
});

/** The server's pg pool (white-box: how many connections it has, and how many are lent out). */
function poolOf(server: TestServer): Pool {
  return (server.dataSource.driver as PostgresDriver).master as Pool;
}

function expectMaskedFailure(response: GraphQLResponse): void {
  expect(response.status).toBe(500);
  expect(response.body.errors?.[0]).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  expect(JSON.stringify(response.body)).not.toMatch(NO_INTERNALS);
}

// The embedded database lives inside the server's process: there is no link to slow down.
if (adminUrl)
  describe('a slow or hung database link (catalogue 49)', () => {
    let database: TestDatabase;
    /** Reads the database directly, bypassing the proxy. */
    let direct: Client;

    beforeAll(async () => {
      database = await createTestDatabase();
      direct = new Client({ connectionString: database.url });
      await direct.connect();
    }, 60_000);

    afterAll(async () => {
      await direct?.end();
      await database?.drop();
    }, 60_000);

    const faults: { name: string; apply(proxy: TcpProxy): void }[] = [
      { name: '5 s of latency each way', apply: (proxy) => proxy.latency(5_000) },
      { name: 'a link that hangs', apply: (proxy) => proxy.hang() },
    ];

    for (const fault of faults) {
      it(`under ${fault.name}: requests end within budget, masked; readiness says 503; the pool recovers by itself with nothing left behind`, async () => {
        const { proxy, url, listenUrl } = await proxyTo(database);
        const server = await startTestServer({
          database: { url, listenUrl, poolSize: POOL_SIZE, drop: async () => undefined },
          env: {
            DB_CONNECTION_TIMEOUT_MS: String(CONNECTION_TIMEOUT_MS),
            DB_STATEMENT_TIMEOUT_MS: '1500',
            DB_HOLD_TIMEOUT_MS: String(HOLD_TIMEOUT_MS),
          },
        });
        try {
          const org = await buildOrganisation(server);
          // Open several pooled connections, so the fault finds idle ones to hand out.
          await Promise.all(Array.from({ length: POOL_SIZE }, () => server.gql(`{ organisation { name } }`, {}, org.as).then(dataOf)));
          const before = (await backends(direct, APPLICATION)).map((b) => b.pid);
          expect(before.length).toBeGreaterThan(0);

          fault.apply(proxy);
          // More requests than the pool has connections: some take an idle connection whose first
          // round trip never returns, the rest wait for or open a connection. Readiness is asked
          // afterwards, so the requests, not its probe, meet every idle connection.
          const names = Array.from({ length: POOL_SIZE + 2 }, (_, i) => `During fault ${i}`);
          const calls = names.map((name, i) =>
            timed(() => (i % 2 === 0 ? server.gql(CREATE_PARTNER, { input: { name, kind: 'STAFF' } }, org.as) : server.gql(`{ partners(first: 5) { nodes { id } } }`, {}, org.as))),
          );
          for (const { ms, result } of await settlesWithin('requests during the fault', 30_000, Promise.all(calls))) {
            expect(ms).toBeLessThan(BUDGET_MS);
            expectMaskedFailure(result);
          }
          const ready = await settlesWithin(
            '/readyz during the fault',
            30_000,
            timed(() => fetch(`${server.url}/readyz`)),
          );
          expect(ready.result.status).toBe(503);
          expect(ready.ms).toBeLessThan(BUDGET_MS);
          expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
          // The hold timeout is what ended them: the log says so (the client is told nothing).
          expect(server.logs.some((line) => /held longer than DB_HOLD_TIMEOUT_MS/.test(JSON.stringify(line.err ?? '')))).toBe(true);
          // Each connection a request gave up on was closed, not kept (and not lent out again).
          await eventually('the backends of the abandoned connections end', 10_000, async () => {
            const live = new Set((await backends(direct, APPLICATION)).map((b) => b.pid));
            return before.every((pid) => !live.has(pid));
          });

          proxy.restore();
          await waitForStatus(`${server.url}/readyz`, 200, 15_000);
          const recovered = await Promise.all(Array.from({ length: POOL_SIZE * 2 }, () => server.gql(`{ partners(first: 5) { nodes { id } } }`, {}, org.as)));
          for (const response of recovered) expect(dataOf(response).partners.nodes).toEqual([]);
          dataOf(await server.gql(CREATE_PARTNER, { input: { name: 'After fault', kind: 'STAFF' } }, org.as));

          // Nothing is lent out or queued once the requests are answered, and PostgreSQL sees no
          // more than the pool's connections, none of them in a transaction.
          const pool = poolOf(server);
          await eventually('no pooled connection is lent out', 5_000, async () => pool.totalCount === pool.idleCount && pool.waitingCount === 0);
          expect(pool.totalCount).toBeLessThanOrEqual(POOL_SIZE);
          await eventually('every session of the server is idle', 5_000, async () => (await backends(direct, APPLICATION)).every((b) => b.state === 'idle'));
          expect((await backends(direct, APPLICATION)).length).toBeLessThanOrEqual(POOL_SIZE);

          // The mutations the fault interrupted left nothing, not half of anything.
          const { rows: partners } = await direct.query(`SELECT id, name FROM partners WHERE organisation_id = $1`, [org.uuid]);
          expect(partners.map((p) => p.name)).toEqual(['After fault']);
          const { rows: events } = await direct.query(`SELECT entity_id FROM activity_events WHERE organisation_id = $1 AND entity_type = 'Partner'`, [org.uuid]);
          expect(events.map((e) => e.entity_id)).toEqual(partners.map((p) => p.id));
        } finally {
          proxy.restore();
          await server.stop();
          await proxy.close();
        }
      }, 90_000);
    }
  });
