import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '../rls';

const OWN_USER = "user_id = nullif(current_setting('app.user_id', true), '')::uuid";

/**
 * - `users.token_generation`: every user token carries the generation it was issued in, and
 *   authentication accepts it only while the user's generation is unchanged. signOutEverywhere
 *   (and, later, a password reset) adds one, ending every token issued before, whatever second
 *   it was issued in (a counter, not a clock: no JWT `iat` rounding, no skew between replicas).
 *   Tokens issued before this column existed carry none and count as generation 0.
 * - `organisation_creations`: one row per organisation a user created, kept 24 hours, so the
 *   per-user limit on creating organisations holds across restarts and replicas, and leaving an
 *   organisation (or handing it to another owner) does not give a creation back. A user sees and
 *   writes only their own rows.
 */
export class CredentialsAndCreations1764202100000 implements MigrationInterface {
  name = 'CredentialsAndCreations1764202100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN token_generation integer NOT NULL DEFAULT 0`);

    await q.query(`CREATE TABLE organisation_creations (
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX organisation_creations_user_idx ON organisation_creations (user_id, created_at)`);
    await q.query(`ALTER TABLE organisation_creations ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE organisation_creations FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY own_creations ON organisation_creations USING (${OWN_USER}) WITH CHECK (${OWN_USER})`);
    await q.query(`GRANT SELECT, INSERT, DELETE ON organisation_creations TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE organisation_creations`);
    await q.query(`ALTER TABLE users DROP COLUMN token_generation`);
  }
}
