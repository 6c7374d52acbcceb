import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A representative speaks through a member of its organisation, or through nobody: the link now
 * references the membership, so a member who leaves (or is removed) stops speaking for the
 * partner, by the database's hand as well as the application's. Links left behind by members who
 * left before are cleared first (the table forces row-level security on its owner too, lifted for
 * that statement). PostgreSQL 15's column list keeps organisation_id when the link is cleared.
 */
export class RepresentativesSpeakAsMembers1764202900000 implements MigrationInterface {
  name = 'RepresentativesSpeakAsMembers1764202900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE representatives NO FORCE ROW LEVEL SECURITY`);
    await q.query(
      `UPDATE representatives r SET user_id = NULL
        WHERE r.user_id IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.organisation_id = r.organisation_id AND m.user_id = r.user_id)`,
    );
    await q.query(`ALTER TABLE representatives FORCE ROW LEVEL SECURITY`);
    await q.query(
      `ALTER TABLE representatives ADD CONSTRAINT representatives_member_fkey
         FOREIGN KEY (organisation_id, user_id) REFERENCES memberships (organisation_id, user_id) ON DELETE SET NULL (user_id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE representatives DROP CONSTRAINT representatives_member_fkey`);
  }
}
