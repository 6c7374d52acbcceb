import { RequestDb } from '../src/db/request-db';
import { ActivityEventRow } from '../src/events/activity-event.entity';
import { sqlState } from '../src/db/pg-errors';
import { Partner } from '../src/modules/partners/partner.entity';
import { Organisation } from '../src/modules/organisations/organisation.entity';
import { Reader } from '../src/read/reader';
import { appendBacklog } from './support/activity-backlog';
import { buildOrganisation, buildPartner, type TestOrganisation } from './support/factories';
import { recordStatements, useTestServer } from './support/harness';
import { adminUrl } from './support/test-database';

// The three doors into the database (issue #14): the reader's filtered reads (rows, count) beside
// byId, and the labelled raw query. Writes through the repositories are what every other file tests.

const server = useTestServer();

/** Runs `work` with a reader of `organisation`'s own (a request's), then rolls the transaction back. */
async function asOrganisation<T>(organisation: TestOrganisation, work: (read: Reader, db: RequestDb) => Promise<T>): Promise<T> {
  const db = new RequestDb(server.dataSource, { organisationId: organisation.uuid });
  try {
    return await work(new Reader(db), db);
  } finally {
    await db.finish(false);
  }
}

/** The reads one batched statement carries (src/db/read-batch.ts). */
const readsIn = (text: string) => text.split(/\(SELECT coalesce\(json_agg\(t\), '\[\]'\) FROM \(/).length - 1;

describe('rows and count', () => {
  it("read only the request's organisation's rows, whatever the filter names", async () => {
    const a = await buildOrganisation(server);
    const b = await buildOrganisation(server);
    const ofA = [await buildPartner(server, a.as, { kind: 'STAFF' }), await buildPartner(server, a.as, { kind: 'CARERS' })];
    const ofB = [await buildPartner(server, b.as, { kind: 'STAFF' }), await buildPartner(server, b.as, { kind: 'CARERS' })];
    const every = [...ofA, ...ofB].map((partner) => partner.uuid);

    await asOrganisation(a, async (read) => {
      expect((await read.rows(Partner, { order: { createdAt: 'ASC', id: 'ASC' } })).map((p) => p.id)).toEqual(ofA.map((p) => p.uuid));
      // B's ids, by value or among A's: as unknown as any random id.
      expect(await read.rows(Partner, { where: { id: ofB[0]!.uuid } })).toEqual([]);
      expect((await read.rows(Partner, { where: { id: every } })).map((p) => p.id).sort()).toEqual(ofA.map((p) => p.uuid).sort());
      expect((await read.rows(Partner, { where: { kind: 'STAFF' as Partner['kind'] } })).map((p) => p.id)).toEqual([ofA[0]!.uuid]);
      expect(await read.count(Partner)).toBe(2);
      expect(await read.count(Partner, { id: every })).toBe(2);
      expect(await read.count(Partner, { id: ofB.map((p) => p.uuid) })).toBe(0);
      expect(await read.rows(Partner, { where: { id: [] } })).toEqual([]);
    });
    await asOrganisation(b, async (read) => {
      expect((await read.rows(Partner, { where: { id: every } })).map((p) => p.id).sort()).toEqual(ofB.map((p) => p.uuid).sort());
      expect(await read.count(Partner)).toBe(2);
    });
  });

  it('refuse a filter on the organisation, an undefined value, and a request without an organisation', async () => {
    const a = await buildOrganisation(server);
    await asOrganisation(a, async (read) => {
      // Refused by the type too: this is what a cast (or JavaScript) would get past it.
      await expect(read.rows(Partner, { where: { organisationId: a.uuid } as never })).rejects.toThrow(/organisation/);
      await expect(read.count(Partner, { id: undefined })).rejects.toThrow(/undefined/);
    });
    const none = new RequestDb(server.dataSource, {});
    try {
      await expect(new Reader(none).rows(Partner)).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
      await expect(new Reader(none).count(Partner)).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    } finally {
      await none.finish(false);
    }
  });

  it('travel with the other reads of the same turn, in one round trip', async () => {
    const a = await buildOrganisation(server);
    const partner = await buildPartner(server, a.as);
    await asOrganisation(a, async (read) => {
      await read.count(Partner); // opens the transaction, outside what is counted
      let answers: unknown[] = [];
      const statements = await recordStatements(async () => {
        answers = await Promise.all([
          read.byId(Partner, partner.uuid),
          read.rows(Partner, { where: { kind: 'STAFF' as Partner['kind'] }, limit: 5 }),
          read.count(Partner, { id: [partner.uuid] }),
          read.rows(Organisation, { where: { id: a.uuid } }),
        ]);
      });
      expect(statements).toHaveLength(1);
      expect(readsIn(statements[0]!.text)).toBe(4);
      expect(answers[2]).toBe(1);
      expect((answers[3] as Organisation[]).map((organisation) => organisation.id)).toEqual([a.uuid]);
    });
  });

  it('order by the column, not by the text a bigint travels as', async () => {
    const a = await buildOrganisation(server);
    const [owner] = await server.sql<{ id: string }>(`SELECT user_id AS id FROM memberships WHERE organisation_id = $1`, [a.uuid]);
    await appendBacklog(server.sql, a.uuid, owner!.id, 12);
    await asOrganisation(a, async (read) => {
      const seqs = (await read.rows(ActivityEventRow, { order: { seq: 'DESC' }, limit: 4 })).map((event) => event.seq);
      expect(seqs).toEqual(['13', '12', '11', '10']);
    });
  });

  it('hand out the same kind of value as byId: entity instances, timestamps as Dates', async () => {
    const a = await buildOrganisation(server);
    const partner = await buildPartner(server, a.as, { description: 'Ward staff' });
    const [byId, [fromRows]] = await asOrganisation(a, async (read) => Promise.all([read.byId(Partner, partner.uuid), read.rows(Partner, { where: { id: partner.uuid } })]));
    expect(fromRows).toBeInstanceOf(Partner);
    expect(Object.getPrototypeOf(fromRows)).toBe(Partner.prototype);
    expect(fromRows!.createdAt).toBeInstanceOf(Date);
    expect(fromRows!.globalId).toBe(partner.id);
    expect(fromRows).toEqual(byId);
    expect(Object.keys(fromRows!).sort()).toEqual(Object.keys(byId!).sort());
    expect(fromRows).toMatchObject({ name: partner.name, kind: partner.kind, description: 'Ward staff', version: 1 });
  });
});

describe('a raw query', () => {
  it('leads its SQL with its label as a comment', async () => {
    const a = await buildOrganisation(server);
    await asOrganisation(a, async (_read, db) => {
      await db.query('open', 'SELECT 1');
      let rows: unknown[] = [];
      const statements = await recordStatements(async () => {
        rows = await db.query('lock the project plan', 'SELECT $1::int AS one', [1]);
      });
      expect(rows).toEqual([{ one: 1 }]);
      expect(statements.map((statement) => statement.text)).toEqual(['/* lock the project plan */ SELECT $1::int AS one']);
    });
  });

  it('cannot be closed, or swallowed, by its label', async () => {
    const a = await buildOrganisation(server);
    await asOrganisation(a, async (_read, db) => {
      await db.query('open', 'SELECT 1');
      for (const label of ['evil */ SELECT 2 AS one; --', 'nested /* comment', 'line\nbreak\u0000 and *** stars //']) {
        let rows: unknown[] = [];
        const [statement] = await recordStatements(async () => {
          rows = await db.query(label, 'SELECT 1 AS one');
        });
        expect(rows).toEqual([{ one: 1 }]);
        const comment = /^\/\* (.*?) \*\/ SELECT 1 AS one$/.exec(statement!.text);
        expect(comment).not.toBeNull();
        expect(comment![1]).not.toMatch(/[*/\n\u0000]/);
      }
      await expect(db.query(' */ ', 'SELECT 1')).rejects.toThrow(/needs a label/);
    });
  });

  it('names its label in the error of a statement that fails, keeping its SQLSTATE', async () => {
    const a = await buildOrganisation(server);
    const error = await asOrganisation(a, (_read, db) => db.query('count the missing table', 'SELECT count(*) FROM no_such_table').catch((failure: unknown) => failure));
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/^count the missing table: .*no_such_table/);
    expect(sqlState(error)).toBe('42P01');
  });

  // Only PostgreSQL has another connection to look from: the embedded suite has no such test (rather than a skipped one).
  if (adminUrl)
    it('shows its label in pg_stat_activity', async () => {
      const a = await buildOrganisation(server);
      await asOrganisation(a, async (_read, db) => {
        const [backend] = await db.query<{ pid: number }>('watch me in pg_stat_activity', 'SELECT pg_backend_pid() AS pid');
        const [activity] = await server.sql<{ query: string }>('SELECT query FROM pg_stat_activity WHERE pid = $1', [backend!.pid]);
        expect(activity!.query).toBe('/* watch me in pg_stat_activity */ SELECT pg_backend_pid() AS pid');
      });
    });
});

describe('the door for rows no organisation owns', () => {
  it('refuses a tenant entity', () => {
    const db = new RequestDb(server.dataSource, {});
    expect(() => db.globalRepo(Partner)).toThrow(/repo\(\)/);
  });
});
