import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { buildOrganisation, buildPartner, type TestOrganisation } from './support/factories';
import { eventually } from './support/fault-checks';
import { recordStatements, startTestServer, untilSubscribed, useTestServer, type TestServer } from './support/harness';
import { describeWithRedis, REDIS_ENV } from './support/redis';
import { adminUrl } from './support/test-database';
import { connect } from './support/ws-client';

// With REDIS_URL, the event wake-ups between processes travel through Redis pub/sub, published
// after commit, and writes send no NOTIFY (whose commit-time lock serialised every writer). The
// table stays the source of truth: a lost wake-up is caught up, never lost.
const prefix = `ph-test-${randomBytes(6).toString('hex')}:`;
const env = { REDIS_URL: process.env[REDIS_ENV] ?? 'redis://127.0.0.1:1', REDIS_KEY_PREFIX: prefix, LISTENER_HEARTBEAT_MS: '500', LISTENER_CATCH_UP_MS: '60000' };
const ACTIVITY = `subscription { activity { type summary } }`;

/** A subscriber to `org`'s activity on `server`, once live there. */
async function subscriberOn(server: TestServer, org: TestOrganisation) {
  const socket = connect(server.wsUrl, { authorization: `Bearer ${org.owner.token}`, organisation: org.slug });
  const feed = socket.subscribe<{ activity: { type: string; summary: string } }>(ACTIVITY);
  await untilSubscribed(server, org);
  return { socket, feed };
}

describeWithRedis('event wake-ups through Redis', () => {
  const writer = useTestServer({ env });
  let reader: TestServer;
  beforeAll(async () => {
    reader = await startTestServer({ database: writer.database, env });
  }, 120_000);
  afterAll(async () => {
    await reader?.stop();
  });

  it('delivers a write on one server to a subscriber of another, and the write sends no NOTIFY', async () => {
    const org = await buildOrganisation(writer);
    const { socket, feed } = await subscriberOn(reader, org);
    try {
      const statements = await recordStatements(() => buildPartner(writer, org.as, { name: 'UNISON', kind: 'TRADE_UNION' }));
      expect(statements.some((s) => /INSERT INTO activity_events/.test(s.text))).toBe(true);
      expect(statements.filter((s) => /pg_notify/i.test(s.text))).toEqual([]);
      const [event] = await feed.waitFor(1, 15_000);
      expect(event?.data?.activity).toEqual({ type: 'PARTNER_CREATED', summary: 'Added UNISON as a trade union partner' });
      // Both hear their heartbeats through Redis; neither holds a LISTEN connection.
      for (const server of [writer, reader]) {
        // Its Redis subscriber connection may still be subscribing after a start under load
        // (readiness says so meanwhile): once subscribed, its heartbeats are heard.
        await eventually('the server hears its heartbeats through Redis', 15_000, async () => server.live.wakeups?.health.hearing === true);
        expect(server.live.wakeups?.health).toEqual({ hearing: true, problem: undefined });
        expect(server.live.listener).toBeUndefined();
        // (Two servers on one embedded database are the tests' arrangement only: the second's
        // readiness probe waits on the first's session. Replicas run on PostgreSQL.)
        if (!adminUrl) continue;
        const ready = await fetch(`${server.url}/readyz`);
        expect({ status: ready.status, body: await ready.json() }).toEqual({ status: 200, body: { status: 'ready' } });
      }
    } finally {
      await socket.dispose();
    }
  });

  it('catches up what was published while its subscriber connection was cut', async () => {
    const org = await buildOrganisation(writer);
    const { socket, feed } = await subscriberOn(reader, org);
    const admin = new Redis(process.env[REDIS_ENV]!);
    admin.on('error', () => undefined);
    try {
      // Cut both servers' subscriber connections (named by this file's prefix), then write at once.
      const clients = (await admin.client('LIST')) as string;
      const ids = clients
        .split('\n')
        .filter((line) => line.includes(` name=${prefix}wakeups `))
        .map((line) => /id=(\d+)/.exec(line)![1]!);
      expect(ids).toHaveLength(2);
      for (const id of ids) await admin.client('KILL', 'ID', id);
      await buildPartner(writer, org.as, { name: 'Carers Voice', kind: 'CARERS' });
      // No periodic catch-up for a minute (LISTENER_CATCH_UP_MS): the reconnect's catch-up delivers it.
      const [event] = await feed.waitFor(1, 20_000);
      expect(event?.data?.activity).toMatchObject({ type: 'PARTNER_CREATED', summary: 'Added Carers Voice as a carers partner' });
    } finally {
      admin.disconnect();
      await socket.dispose();
    }
  });
});

describe('event wake-ups with Redis down', () => {
  const alone = useTestServer({ env: { ...env, REDIS_URL: 'redis://127.0.0.1:1' } });

  it('serves, says in readiness why other processes will not hear at once, and still delivers its own events', async () => {
    const org = await buildOrganisation(alone);
    const { socket, feed } = await subscriberOn(alone, org);
    try {
      await buildPartner(alone, org.as, { name: 'Staff side' });
      expect((await feed.waitFor(1, 15_000))[0]?.data?.activity).toMatchObject({ type: 'PARTNER_CREATED' });
      const ready = await fetch(`${alone.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ status: 'live updates not arriving' });
    } finally {
      await socket.dispose();
    }
  });
});

// The NOTIFY stays where there is no Redis: a server without REDIS_URL on PostgreSQL notifies in the write.
if (adminUrl) {
  describe('without REDIS_URL', () => {
    const plain = useTestServer();
    it('notifies in the write, as before', async () => {
      const org = await buildOrganisation(plain);
      const statements = await recordStatements(() => buildPartner(plain, org.as, { name: 'Management' }));
      expect(statements.filter((s) => /pg_notify/i.test(s.text))).toHaveLength(1);
    });
  });
}
