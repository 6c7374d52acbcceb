import { ID_TABLES, TimeOrderedIds1764203200000 } from '../src/db/migrations/1764203200000-time-ordered-ids';
import { migrations } from '../src/db/migrations';
import { newRowId } from '../src/db/row-id';
import { buildApiKey, buildOrganisation, buildPartner, buildProject } from './support/factories';
import { useTestServer } from './support/harness';
import { uuidOf } from './support/ids';

// Row ids are time-ordered (UUIDv7, migration 1764203200000 and src/db/row-id.ts): an
// organisation's recent rows sit together in its indexes. Ids written before stay as they were.

const server = useTestServer();

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The Unix milliseconds a UUIDv7 starts with. */
const millisecondsOf = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16);

describe('newRowId', () => {
  it('makes UUIDv7s of the current millisecond that increase strictly, however many share one', () => {
    const before = Date.now();
    const ids = Array.from({ length: 10_000 }, () => newRowId());
    const after = Date.now();
    expect(ids.every((id) => UUID_V7.test(id))).toBe(true);
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1]!)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(millisecondsOf(ids[0]!)).toBeGreaterThanOrEqual(before);
    // 4,096 ids fit in a millisecond; beyond that the next one is borrowed.
    expect(millisecondsOf(ids.at(-1)!)).toBeLessThanOrEqual(after + Math.ceil(ids.length / 4096));
  });
});

describe('row ids', () => {
  it('default to uuid_v7() on every table that had random ones, and on every table created since', async () => {
    const defaults = await server.sql<{ table_name: string; column_default: string | null }>(
      `SELECT table_name, column_default FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'id' AND data_type = 'uuid' ORDER BY table_name`,
    );
    expect(defaults.map((row) => row.table_name)).toEqual(expect.arrayContaining(ID_TABLES));
    // Tables created since default to uuid_v7() in their own migrations: no uuid id anywhere is random, or has no default.
    expect(defaults.filter((row) => row.column_default !== 'uuid_v7()')).toEqual([]);
  });

  it('are UUIDv7s that follow the order rows are written in, whether the database or the application makes them', async () => {
    const org = await buildOrganisation(server);
    const key = await buildApiKey(server, org);
    const partner = await buildPartner(server, org.as);
    const projects = [];
    for (let i = 0; i < 5; i += 1) projects.push(await buildProject(server, org.as, { name: `Project ${i}` }));
    const ids = [org.uuid, uuidOf(key.id), partner.uuid, ...projects.map((project) => project.uuid)];
    expect(ids.filter((id) => !UUID_V7.test(id))).toEqual([]);
    const milliseconds = ids.map(millisecondsOf);
    expect(milliseconds).toEqual([...milliseconds].sort((a, b) => a - b));
    // Each id carries the time its row was written: within its transaction, from its start on.
    const rows = await server.sql<{ id: string; created: string }>(
      `SELECT id, (extract(epoch FROM created_at) * 1000)::bigint::text AS created FROM projects WHERE organisation_id = $1`,
      [org.uuid],
    );
    for (const row of rows) {
      expect(millisecondsOf(row.id)).toBeGreaterThanOrEqual(Number(row.created) - 1);
      expect(millisecondsOf(row.id) - Number(row.created)).toBeLessThan(60_000);
    }
  });

  it('written before the migration keep their ids; rows written after get time-ordered ones', async () => {
    const org = await buildOrganisation(server);
    // Everything between down and up goes through the migration's own connection (the embedded database has only one).
    // Later migrations create tables whose ids default to uuid_v7(): they are undone first and redone after.
    const later = migrations.slice(migrations.indexOf(TimeOrderedIds1764203200000) + 1).map((Migration) => new Migration());
    const migration = new TimeOrderedIds1764203200000();
    const runner = server.dataSource.createQueryRunner();
    let before: { id: string }[];
    try {
      for (const undone of [...later].reverse()) await undone.down(runner);
      await migration.down(runner);
      before = await runner.query(`INSERT INTO partners (organisation_id, name, kind) SELECT $1, 'Partner ' || g, 'STAFF' FROM generate_series(1, 3) g RETURNING id`, [org.uuid]);
      await migration.up(runner);
      for (const redone of later) await redone.up(runner);
    } finally {
      await runner.release();
    }
    expect(before.every((row) => UUID_V4.test(row.id))).toBe(true);
    const after = await buildPartner(server, org.as, { name: 'Written after' });
    expect(after.uuid).toMatch(UUID_V7);
    const partners = await server.sql<{ id: string }>(`SELECT id FROM partners WHERE organisation_id = $1 AND name LIKE 'Partner %' ORDER BY name`, [org.uuid]);
    expect(partners).toEqual(before);
  });
});
