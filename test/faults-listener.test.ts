import { loadConfig } from '../src/config';
import { buildOrganisation } from './support/factories';
import { dataOf, startTestServer, untilSubscribed, type TestServer } from './support/harness';
import { proxyTo, type TcpProxy } from './support/tcp-proxy';
import { adminUrl, createTestDatabase, type TestDatabase } from './support/test-database';
import { connect, pause } from './support/ws-client';

// A LISTEN connection that a network drops without a word (a NAT or firewall that forgot it):
// nothing errors, and notifications from other processes simply stop. The listener's heartbeat
// must notice, reconnect and catch up, so "reaches every server instance" survives it.

const ACTIVITY = `subscription { activity { summary } }`;
const addKey = (name: string) => `mutation { createApiKey(input: { name: "${name}" }) { apiKey { id } } }`;

describe('the listener heartbeat (LISTENER_HEARTBEAT_MS)', () => {
  it('defaults to 10 s and can be tuned', () => {
    const env = { AUTH_SECRET: 'x'.repeat(32) };
    expect(loadConfig(env).listenerHeartbeatMs).toBe(10_000);
    expect(loadConfig({ ...env, LISTENER_HEARTBEAT_MS: '500' }).listenerHeartbeatMs).toBe(500);
    expect(() => loadConfig({ ...env, LISTENER_HEARTBEAT_MS: '0' })).toThrow(/LISTENER_HEARTBEAT_MS/);
  });
});

// Several processes and a network to break need PostgreSQL: the embedded database is in-process.
if (adminUrl)
  describe('the event listener behind a link that goes silent', () => {
    let database: TestDatabase;
    let proxy: TcpProxy;
    /** Listens (and serves its subscribers) through the proxy. */
    let behind: TestServer;
    /** Commits the changes, straight to PostgreSQL. */
    let direct: TestServer;

    beforeAll(async () => {
      database = await createTestDatabase();
      let url: string;
      let listenUrl: string | undefined;
      ({ proxy, url, listenUrl } = await proxyTo(database));
      behind = await startTestServer({
        database: { url, listenUrl, poolSize: 5, drop: async () => undefined },
        env: { LISTENER_HEARTBEAT_MS: '500', DB_CONNECTION_TIMEOUT_MS: '1000', DB_STATEMENT_TIMEOUT_MS: '1000', DB_HOLD_TIMEOUT_MS: '2000' },
      });
      direct = await startTestServer({ database: { ...database, drop: async () => undefined } });
    }, 60_000);

    afterAll(async () => {
      proxy?.restore();
      await behind?.stop();
      await direct?.stop();
      await proxy?.close();
      await database?.drop();
    }, 60_000);

    it('notices, reconnects and delivers what other processes committed meanwhile', async () => {
      const org = await buildOrganisation(direct);
      const socket = connect(behind.wsUrl, { authorization: `Bearer ${org.owner.token}`, organisation: org.slug });
      try {
        const events = socket.subscribe(ACTIVITY);
        await untilSubscribed(behind, org);
        dataOf(await direct.gql(addKey('before'), {}, org.as));
        await events.waitFor(1);
        const listenerBefore = behind.live.listener?.backendPid;

        // Every connection through the proxy goes silent for good (restore() only lets new ones through).
        proxy.hang();
        await pause(200);
        proxy.restore();
        for (let i = 0; i < 3; i += 1) dataOf(await direct.gql(addKey(`while silent ${i}`), {}, org.as));

        const received = await events.waitFor(4, 20_000);
        expect(received.map((r) => r.data?.activity.summary)).toEqual([
          'API key before (observer) created',
          ...[0, 1, 2].map((i) => `API key while silent ${i} (observer) created`),
        ]);
        expect(behind.live.listener?.backendPid).not.toBe(listenerBefore);
        expect(behind.logs.some((line) => line.msg === 'event listener stopped answering; reconnecting')).toBe(true);
      } finally {
        await socket.dispose();
      }
    }, 60_000);
  });
