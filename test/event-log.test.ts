import { Client } from 'pg';
import { createDataSource } from '../src/db/data-source';
import { RequestDb } from '../src/db/request-db';
import { decodeEventNotification, EVENTS_CHANNEL } from '../src/events/event-log';
import { buildOrganisation } from './support/factories';
import { dataOf, recordStatements, useTestServer } from './support/harness';
import { adminUrl } from './support/test-database';

// The event log owns the counter lock that orders an organisation's writers (RequestDb only runs
// what it is given) and the NOTIFY payload: both checked here where they meet the database.

const server = useTestServer();

const COUNTER_LOCK = /^SELECT 1 FROM organisation_event_counters WHERE organisation_id = \$1 FOR UPDATE$/;

describe('the counter lock', () => {
  it("is the first statement of every organisation write transaction, before the caller's", async () => {
    const org = await buildOrganisation(server);
    const db = new RequestDb(server.dataSource, { organisationId: org.uuid });
    try {
      await db.query('open', 'SELECT 1');
      const statements = await recordStatements(() => db.transaction(() => db.query('the work', 'SELECT 2 AS work')));
      const texts = statements.map((statement) => statement.text);
      expect(texts[0]).toMatch(/^SAVEPOINT/);
      expect(texts[1]).toMatch(COUNTER_LOCK);
      expect(statements[1]!.values).toEqual([org.uuid]);
      expect(texts[2]).toBe('/* the work */ SELECT 2 AS work');
    } finally {
      await db.finish(false);
    }
  });

  it('is not taken by a transaction that acts for no organisation', async () => {
    const db = new RequestDb(server.dataSource, {});
    try {
      await db.query('open', 'SELECT 1');
      const statements = await recordStatements(() => db.transaction(() => db.query('the work', 'SELECT 2 AS work')));
      expect(statements.map((statement) => statement.text)).not.toContainEqual(expect.stringMatching(COUNTER_LOCK));
    } finally {
      await db.finish(false);
    }
  });

  it('is required: a data source the event log was not wired to refuses organisation writes', async () => {
    const org = await buildOrganisation(server);
    const unwired = createDataSource({ url: server.database.url, poolSize: 1, sharedSession: server.database.sharedSession });
    await unwired.initialize();
    /** Runs a write transaction as `scope` on the unwired data source, and rolls it back. */
    const write = async (scope: { organisationId?: string }) => {
      const db = new RequestDb(unwired, scope);
      try {
        return await db.transaction(async () => 'written');
      } finally {
        await db.finish(false);
      }
    };
    try {
      await expect(write({ organisationId: org.uuid })).rejects.toThrow(/No organisation write start/);
      await expect(write({})).resolves.toBe('written');
    } finally {
      await unwired.destroy();
    }
  });
});

describe('the notification payload', () => {
  it('decodes `<organisation>:<seq>`, and nothing else', () => {
    expect(decodeEventNotification('0b6d5f0e-1c4c-4b3c-9d7e-1f2a3b4c5d6e:42')).toEqual({ organisationId: '0b6d5f0e-1c4c-4b3c-9d7e-1f2a3b4c5d6e', seq: '42' });
    for (const payload of [undefined, '', ':42', 'no separator']) expect(decodeEventNotification(payload)).toBeUndefined();
  });

  // NOTIFY reaches other connections only on PostgreSQL: the embedded database is one session, so
  // the embedded suite has no such test (rather than a skipped one); CI runs both.
  if (adminUrl)
    it('names the organisation and seq of the event an append committed', async () => {
      const org = await buildOrganisation(server);
      const listener = new Client({ connectionString: server.database.listenUrl ?? server.database.url });
      await listener.connect();
      try {
        const heard: string[] = [];
        listener.on('notification', (message) => heard.push(message.payload ?? ''));
        await listener.query(`LISTEN ${EVENTS_CHANNEL}`);
        dataOf(await server.gql(`mutation { createApiKey(input: { name: "heard" }) { apiKey { id } } }`, {}, org.as));
        const [event] = await server.sql<{ seq: string }>('SELECT seq::text AS seq FROM activity_events WHERE organisation_id = $1 ORDER BY seq DESC LIMIT 1', [org.uuid]);
        for (const deadline = Date.now() + 5_000; !heard.some((payload) => payload.startsWith(org.uuid)) && Date.now() < deadline;) {
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        const ours = heard.map(decodeEventNotification).filter((notification) => notification?.organisationId === org.uuid);
        expect(ours).toEqual([{ organisationId: org.uuid, seq: event!.seq }]);
      } finally {
        await listener.end();
      }
    });
});
