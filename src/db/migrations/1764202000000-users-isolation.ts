import type { MigrationInterface, QueryRunner } from 'typeorm';
import { USER_EMAIL_SETTING } from '../rls';

const ORGANISATION = "nullif(current_setting('app.organisation_id', true), '')::uuid";
const OWN_USER = "nullif(current_setting('app.user_id', true), '')::uuid";

/**
 * Users were outside row-level security: any request could read any account by id (`node`,
 * loaders), so one organisation could read another's members' emails and names (catalogue 57).
 * A transaction now sees an account only when it is
 * - its own user (`app.user_id`, set from a user token): viewer, authentication, signing out;
 * - a member of the organisation it acts for (`app.organisation_id`): members, actors, owners of
 *   completions and acknowledgements (read only; one probe of memberships' (organisation_id,
 *   user_id) key per row);
 * - the one account its `app.user_email` names: what signUp creates, logIn checks and addMember
 *   adds, found by the email the caller typed, never by a search.
 * FORCE binds the owner too, as on every tenant table; the migrating role never reads users.
 */
export class UsersIsolation1764202000000 implements MigrationInterface {
  name = 'UsersIsolation1764202000000';

  async up(q: QueryRunner): Promise<void> {
    const namedByEmail = `lower(email) = nullif(current_setting('${USER_EMAIL_SETTING}', true), '')`;
    await q.query(`ALTER TABLE users ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE users FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY own_account ON users USING (id = ${OWN_USER}) WITH CHECK (id = ${OWN_USER})`);
    await q.query(`CREATE POLICY organisation_members ON users FOR SELECT
      USING (EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = users.id AND m.organisation_id = ${ORGANISATION}))`);
    await q.query(`CREATE POLICY named_by_email ON users USING (${namedByEmail}) WITH CHECK (${namedByEmail})`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP POLICY named_by_email ON users`);
    await q.query(`DROP POLICY organisation_members ON users`);
    await q.query(`DROP POLICY own_account ON users`);
    await q.query(`ALTER TABLE users NO FORCE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE users DISABLE ROW LEVEL SECURITY`);
  }
}
