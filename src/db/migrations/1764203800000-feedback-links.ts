import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, protectTenantTable } from '../rls';

/**
 * Service-user feedback by link (issue #18). `feedback_links`: an evaluation opens a public form
 * for one of its service-user or carer partners; the link's token is `phf_<organisation>_<link>_<secret>`
 * and only the SHA-256 of the secret is kept (src/auth/link-tokens.ts), so the form is read under
 * the organisation's row-level security, as an invitation is. Answers land as involvement records
 * of the evaluation (`involvements.feedback_link_id` says which came by link). `you_said_we_did`:
 * the team's answers, which the same link shows back, optionally naming a decision or stage.
 *
 * A link is closed, never deleted (its answers keep pointing at it); the answers are records.
 */
export class FeedbackLinks1764203800000 implements MigrationInterface {
  name = 'FeedbackLinks1764203800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE feedback_links (
      organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT uuid_v7(),
      created_at timestamptz NOT NULL DEFAULT now(),
      evaluation_id uuid NOT NULL,
      partner_id uuid NOT NULL,
      token_hash text NOT NULL,
      opened_by_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
      closed_at timestamptz,
      PRIMARY KEY (organisation_id, id),
      FOREIGN KEY (organisation_id, evaluation_id) REFERENCES evaluations (organisation_id, id) ON DELETE CASCADE,
      FOREIGN KEY (organisation_id, partner_id) REFERENCES partners (organisation_id, id)
    )`);
    await q.query(`CREATE INDEX feedback_links_evaluation_idx ON feedback_links (organisation_id, evaluation_id, created_at, id)`);
    await q.query(`CREATE INDEX feedback_links_partner_idx ON feedback_links (organisation_id, partner_id)`);
    await q.query(`CREATE INDEX feedback_links_user_idx ON feedback_links (organisation_id, opened_by_user_id) WHERE opened_by_user_id IS NOT NULL`);
    // Closing is the one change: the token, evaluation and partner never change.
    await protectTenantTable(q, 'feedback_links', 'SELECT, INSERT');
    await q.query(`GRANT UPDATE (closed_at) ON feedback_links TO ${APP_ROLE}`);

    await q.query(`ALTER TABLE involvements ADD COLUMN feedback_link_id uuid`);
    await q.query(`ALTER TABLE involvements ADD CONSTRAINT involvements_organisation_id_feedback_link_id_fkey
      FOREIGN KEY (organisation_id, feedback_link_id) REFERENCES feedback_links (organisation_id, id)`);
    await q.query(`CREATE INDEX involvements_feedback_link_idx ON involvements (organisation_id, feedback_link_id) WHERE feedback_link_id IS NOT NULL`);

    await q.query(`CREATE TABLE you_said_we_did (
      organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT uuid_v7(),
      created_at timestamptz NOT NULL DEFAULT now(),
      evaluation_id uuid NOT NULL,
      you_said text NOT NULL CHECK (char_length(you_said) <= 2000),
      we_did text NOT NULL CHECK (char_length(we_did) <= 2000),
      decision_id uuid,
      stage_id uuid,
      recorded_by_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
      PRIMARY KEY (organisation_id, id),
      FOREIGN KEY (organisation_id, evaluation_id) REFERENCES evaluations (organisation_id, id) ON DELETE CASCADE,
      FOREIGN KEY (organisation_id, decision_id) REFERENCES decisions (organisation_id, id) ON DELETE CASCADE,
      FOREIGN KEY (organisation_id, stage_id) REFERENCES stages (organisation_id, id) ON DELETE CASCADE
    )`);
    await q.query(`CREATE INDEX you_said_we_did_evaluation_idx ON you_said_we_did (organisation_id, evaluation_id, created_at, id)`);
    await q.query(`CREATE INDEX you_said_we_did_decision_idx ON you_said_we_did (organisation_id, decision_id) WHERE decision_id IS NOT NULL`);
    await q.query(`CREATE INDEX you_said_we_did_stage_idx ON you_said_we_did (organisation_id, stage_id) WHERE stage_id IS NOT NULL`);
    await q.query(`CREATE INDEX you_said_we_did_user_idx ON you_said_we_did (organisation_id, recorded_by_user_id) WHERE recorded_by_user_id IS NOT NULL`);
    await protectTenantTable(q, 'you_said_we_did', 'SELECT, INSERT');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE you_said_we_did`);
    await q.query(`ALTER TABLE involvements DROP COLUMN feedback_link_id`);
    await q.query(`DROP TABLE feedback_links`);
  }
}
