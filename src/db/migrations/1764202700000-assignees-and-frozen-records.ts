import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * People own work: `stages.assignee_user_id`, the member who owns a stage.
 *
 * Users are not tenant rows, so the assignee cannot reference users by a composite key as tenant
 * rows reference each other; it references the membership instead, `(organisation_id,
 * assignee_user_id)` -> `memberships (organisation_id, user_id)`: a stage can only be assigned to a
 * member of its own organisation, whatever the application checks. When the member leaves, only
 * the assignee is cleared (`SET NULL (assignee_user_id)`; the organisation stays). Referential
 * checks and actions run as the tables' owner, outside row-level security, as they do for every
 * composite key here. The index serves the member's removal and "my stages".
 *
 * Frozen records (published evaluations, corrections of measurements) need no new column: they
 * are rules of the services, kept under the evaluation's row lock (src/modules/evaluations).
 */
export class AssigneesAndFrozenRecords1764202700000 implements MigrationInterface {
  name = 'AssigneesAndFrozenRecords1764202700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE stages ADD COLUMN assignee_user_id uuid`);
    await q.query(`ALTER TABLE stages ADD CONSTRAINT stages_assignee_member_fkey
      FOREIGN KEY (organisation_id, assignee_user_id) REFERENCES memberships (organisation_id, user_id) ON DELETE SET NULL (assignee_user_id)`);
    await q.query(`CREATE INDEX stages_assignee_idx ON stages (organisation_id, assignee_user_id) WHERE assignee_user_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE stages DROP COLUMN assignee_user_id`);
  }
}
