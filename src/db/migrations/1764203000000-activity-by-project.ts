import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The activity page filters the log by project (`activity(projectId:)`), newest first: one
 * project's events, in log order, without walking the organisation's whole log.
 */
export class ActivityByProject1764203000000 implements MigrationInterface {
  name = 'ActivityByProject1764203000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX activity_events_project_idx ON activity_events (organisation_id, project_id, seq) WHERE project_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX activity_events_project_idx`);
  }
}
