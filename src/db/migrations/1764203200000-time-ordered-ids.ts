import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Every table whose id had gen_random_uuid() as its default. */
export const ID_TABLES = [
  'users',
  'organisations',
  'memberships',
  'api_keys',
  'partners',
  'representatives',
  'principles',
  'projects',
  'project_partners',
  'project_principles',
  'agreements',
  'stages',
  'celebrations',
  'challenges',
  'evaluations',
  'measures',
  'measurements',
  'involvements',
  'invitations',
];

/**
 * New rows get time-ordered ids, UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then 12 bits of
 * the sub-millisecond fraction (its method 3, as PostgreSQL 18's own uuidv7() does), then 62 random
 * bits. Every key is led by organisation_id, then the id, so an organisation's recent rows sit
 * together at the end of its part of each index, instead of anywhere in it, and a dashboard over
 * recent rows reads a few pages, not one per row. PostgreSQL 15 has no uuidv7(): this is the
 * well-known SQL over gen_random_uuid() and clock_timestamp(), which also runs in the embedded
 * database. Existing ids stay as they are; ids made by the application come from
 * src/db/row-id.ts, in the same format.
 */
export class TimeOrderedIds1764203200000 implements MigrationInterface {
  name = 'TimeOrderedIds1764203200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION uuid_v7() RETURNS uuid LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
      SELECT encode(
        substring(int8send(floor(t.ms)::bigint) FROM 3)
        || int2send((28672 /* 0x7000: version 7 */ + floor((t.ms - floor(t.ms)) * 4096))::smallint)
        || substring(uuid_send(gen_random_uuid()) FROM 9),
        'hex')::uuid
      FROM (SELECT extract(epoch FROM clock_timestamp()) * 1000 AS ms) t
    $$`);
    await q.query(`COMMENT ON FUNCTION uuid_v7() IS 'A UUIDv7: Unix ms (48 bits), version 7, sub-ms fraction (12 bits), variant, random (62 bits)'`);
    for (const table of ID_TABLES) await q.query(`ALTER TABLE ${table} ALTER COLUMN id SET DEFAULT uuid_v7()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ID_TABLES) await q.query(`ALTER TABLE ${table} ALTER COLUMN id SET DEFAULT gen_random_uuid()`);
    await q.query(`DROP FUNCTION uuid_v7()`);
  }
}
