import { RequestDb } from '../src/db/request-db';
import { statement } from '../src/db/statement';
import { entityRead } from '../src/db/entity-read';
import { ActivityEventRow } from '../src/events/activity-event.entity';
import { buildOrganisation, buildPartner } from './support/factories';
import { countStatements, useTestServer } from './support/harness';

// RequestDb.read: the reads of one turn of the event loop share a round trip (src/db/read-batch.ts).

const server = useTestServer();

const PARTNER_NAMES = statement('SELECT name FROM partners WHERE organisation_id = $1 ORDER BY name DESC');
const EVENT_TYPES = statement('SELECT type FROM activity_events WHERE organisation_id = $1 AND seq <= $2 ORDER BY seq');

describe('batched reads', () => {
  it('sends the reads of one turn as one statement, each answered with its own rows in its own order', async () => {
    const org = await buildOrganisation(server);
    for (const name of ['Carers forum', 'Unison branch', 'Board']) await buildPartner(server, org.as, { name });
    const db = new RequestDb(server.dataSource, { organisationId: org.uuid });
    try {
      let partners: { name: string }[] = [];
      let events: { type: string }[] = [];
      const roundTrips = await countStatements(async () => {
        [partners, events] = await Promise.all([db.read<{ name: string }>(PARTNER_NAMES, [org.uuid]), db.read<{ type: string }>(EVENT_TYPES, [org.uuid, 2])]);
      });
      // The transaction's opening, then both reads together.
      expect(roundTrips).toBe(2);
      expect(partners.map((p) => p.name)).toEqual(['Unison branch', 'Carers forum', 'Board']);
      expect(events).toHaveLength(2);

      // A later turn is a round trip of its own.
      const later = await countStatements(() => db.read(PARTNER_NAMES, [org.uuid]));
      expect(later).toBe(1);
    } finally {
      await db.finish(true);
    }
  });

  it('fails every read of a batch whose statement fails', async () => {
    const org = await buildOrganisation(server);
    const db = new RequestDb(server.dataSource, { organisationId: org.uuid });
    const good = db.read(PARTNER_NAMES, [org.uuid]);
    const bad = db.read(statement('SELECT 1 / $2::int AS x FROM organisations WHERE id = $1'), [org.uuid, 0]);
    await expect(bad).rejects.toThrow(/division by zero/);
    await expect(good).rejects.toThrow(/division by zero/);
    await db.finish(false);
  });

  it('gives rows read as JSON the types pg and TypeORM give: timestamps as Dates, bigint as text', async () => {
    const org = await buildOrganisation(server);
    // Read natively first: the embedded database has one connection, which the request then holds.
    const [native] = await server.sql<{ seq: string; occurred_at: Date }>('SELECT seq, occurred_at FROM activity_events WHERE organisation_id = $1 ORDER BY seq LIMIT 1', [
      org.uuid,
    ]);
    const db = new RequestDb(server.dataSource, { organisationId: org.uuid });
    try {
      const read = entityRead(db, ActivityEventRow);
      const sql = statement(`SELECT ${read.select()} FROM activity_events WHERE organisation_id = $1 ORDER BY seq LIMIT 1`);
      const [event] = read.toEntities<ActivityEventRow>(await db.read(sql, [org.uuid]));
      expect(event).toBeInstanceOf(ActivityEventRow);
      expect(event!.seq).toBe(native!.seq);
      expect(event!.occurredAt).toBeInstanceOf(Date);
      expect(event!.occurredAt.getTime()).toBe(native!.occurred_at.getTime());
    } finally {
      await db.finish(true);
    }
  });
});
