import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The records that can be archived (and restored): they keep their history and leave lists. */
const ARCHIVABLE = ['partners', 'representatives', 'principles', 'projects', 'measures', 'measurements'];

/**
 * Archiving, and one name per partner in an organisation (trimmed, case-insensitive). Partners
 * that already share a name are told apart first, oldest keeping it, so the index can be built on
 * any database (the table forces row-level security on its owner too, lifted for this statement).
 */
export class ArchiveAndPartnerNames1764202800000 implements MigrationInterface {
  name = 'ArchiveAndPartnerNames1764202800000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ARCHIVABLE) await q.query(`ALTER TABLE ${table} ADD COLUMN archived_at timestamptz`);
    await q.query(`ALTER TABLE partners NO FORCE ROW LEVEL SECURITY`);
    await q.query(
      `UPDATE partners p SET name = btrim(p.name) || ' (' || same.n || ')'
         FROM (SELECT organisation_id, id, row_number() OVER (PARTITION BY organisation_id, lower(btrim(name)) ORDER BY created_at, id) AS n FROM partners) same
        WHERE same.organisation_id = p.organisation_id AND same.id = p.id AND same.n > 1`,
    );
    await q.query(`ALTER TABLE partners FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE UNIQUE INDEX partners_name_key ON partners (organisation_id, lower(btrim(name)))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX partners_name_key`);
    for (const table of ARCHIVABLE) await q.query(`ALTER TABLE ${table} DROP COLUMN archived_at`);
  }
}
