import type { MigrationInterface, QueryRunner } from 'typeorm';
import { PASSWORD_RESET_SETTING, protectTenantTable } from '../rls';

/**
 * Invitations and password resets (issue #15).
 *
 * - `invitations`: a tenant table like every other (organisation_id leads its keys, row-level
 *   security on the organisation). An invitation is found by the token mailed for it, which names
 *   its organisation and id (`phi_<organisation>_<invitation>_<random>`, as an API key's secret
 *   does), so acceptance reads it by primary key under that organisation's policy: no search
 *   across tenants, no policy of its own. Only the SHA-256 of the random part is kept. Its status
 *   is its timestamps: accepted, revoked, or pending until `expires_at` (then expired).
 * - `users.password_reset_hash` / `password_reset_expires_at`: the one reset link an account has
 *   (a new request replaces it; using it clears it). The policy `named_by_reset_token` lets a
 *   transaction see the one account whose token hash it names (`app.password_reset`), as
 *   `named_by_email` does for an email: resetPassword finds the account, and nothing else, from
 *   the token alone. The hash is unique, so a token names at most one account.
 */
export class Invitations1764202500000 implements MigrationInterface {
  name = 'Invitations1764202500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE invitations (
      organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      created_at timestamptz NOT NULL DEFAULT now(),
      email text NOT NULL CHECK (char_length(email) <= 320),
      role text NOT NULL CHECK (role IN ('OWNER', 'ADMIN', 'MEMBER', 'OBSERVER')),
      representative_id uuid,
      invited_by_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
      token_hash text NOT NULL,
      expires_at timestamptz NOT NULL,
      accepted_at timestamptz,
      accepted_by_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
      revoked_at timestamptz,
      PRIMARY KEY (organisation_id, id),
      CONSTRAINT invitations_one_outcome CHECK (accepted_at IS NULL OR revoked_at IS NULL),
      FOREIGN KEY (organisation_id, representative_id) REFERENCES representatives (organisation_id, id) ON DELETE SET NULL (representative_id)
    )`);
    // Organisation.invitations: newest first; inviteMember counts the pending ones and replaces an email's.
    await q.query(`CREATE INDEX invitations_listing_idx ON invitations (organisation_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX invitations_pending_idx ON invitations (organisation_id, lower(email)) WHERE accepted_at IS NULL AND revoked_at IS NULL`);
    await q.query(`CREATE INDEX invitations_representative_idx ON invitations (organisation_id, representative_id) WHERE representative_id IS NOT NULL`);
    await protectTenantTable(q, 'invitations');

    await q.query(`ALTER TABLE users ADD COLUMN password_reset_hash text, ADD COLUMN password_reset_expires_at timestamptz`);
    await q.query(`CREATE UNIQUE INDEX users_password_reset_hash_key ON users (password_reset_hash) WHERE password_reset_hash IS NOT NULL`);
    await q.query(`CREATE POLICY named_by_reset_token ON users FOR SELECT
      USING (password_reset_hash = nullif(current_setting('${PASSWORD_RESET_SETTING}', true), ''))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP POLICY named_by_reset_token ON users`);
    await q.query(`ALTER TABLE users DROP COLUMN password_reset_expires_at, DROP COLUMN password_reset_hash`);
    await q.query(`DROP TABLE invitations`);
  }
}
