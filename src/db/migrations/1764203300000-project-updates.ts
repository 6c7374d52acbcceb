import type { MigrationInterface, QueryRunner } from 'typeorm';
import { protectTenantTable } from '../rls';

/**
 * Project updates (issue #18): a project's health (ON_TRACK, AT_RISK, OFF_TRACK) with a narrative,
 * posted by a member. A tenant table like every other (organisation_id leads its keys, the project
 * key is composite, row-level security on the organisation), kept as a history: the request role
 * may insert and read, never update or delete (a correction is a new update; the project's or the
 * organisation's deletion cascades as the table's owner).
 *
 * `project_updates_project_idx` serves Project.updates (newest first, read backwards),
 * Project.latestUpdate, and a reminder's "when was this project last updated" (its last entry per
 * project).
 */
export class ProjectUpdates1764203300000 implements MigrationInterface {
  name = 'ProjectUpdates1764203300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE project_updates (
      organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT uuid_v7(),
      created_at timestamptz NOT NULL DEFAULT now(),
      project_id uuid NOT NULL,
      health text NOT NULL CHECK (health IN ('ON_TRACK', 'AT_RISK', 'OFF_TRACK')),
      narrative text NOT NULL CHECK (char_length(narrative) <= 10000),
      posted_by_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
      posted_by_api_key_id uuid,
      PRIMARY KEY (organisation_id, id),
      FOREIGN KEY (organisation_id, project_id) REFERENCES projects (organisation_id, id) ON DELETE CASCADE
    )`);
    await q.query(`CREATE INDEX project_updates_project_idx ON project_updates (organisation_id, project_id, created_at, id)`);
    await q.query(`CREATE INDEX project_updates_user_idx ON project_updates (organisation_id, posted_by_user_id) WHERE posted_by_user_id IS NOT NULL`);
    await protectTenantTable(q, 'project_updates', 'SELECT, INSERT');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE project_updates`);
  }
}
