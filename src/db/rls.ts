import type { QueryRunner } from 'typeorm';

/** The restricted role every request runs as: not a superuser, no BYPASSRLS, owns nothing. */
export const APP_ROLE = 'partnership_app';

/** The predicate of every tenant policy: rows of the organisation the transaction acts for. */
export const TENANT_PREDICATE = "organisation_id = nullif(current_setting('app.organisation_id', true), '')::uuid";

/**
 * The setting that names one account by its email for the rest of a transaction (or of the
 * savepoint that set it): signing up, signing in, adding a member by email. Lowercase, trimmed.
 */
export const USER_EMAIL_SETTING = 'app.user_email';

/**
 * The setting that names one account by the hash of a password-reset token it presents
 * (users.password_reset_hash): resetPassword finds the account the token was mailed for, and
 * nothing else, before it knows who is asking.
 */
export const PASSWORD_RESET_SETTING = 'app.password_reset';

/**
 * Puts a tenant table behind row-level security (ENABLE and FORCE, so even its owner is bound) and
 * grants the request role what it needs. Used by every migration that creates a tenant table.
 */
export async function protectTenantTable(queryRunner: QueryRunner, table: string, privileges = 'SELECT, INSERT, UPDATE, DELETE'): Promise<void> {
  await queryRunner.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
  await queryRunner.query(`ALTER TABLE "${table}" FORCE ROW LEVEL SECURITY`);
  await queryRunner.query(`CREATE POLICY tenant_isolation ON "${table}" USING (${TENANT_PREDICATE}) WITH CHECK (${TENANT_PREDICATE})`);
  await queryRunner.query(`GRANT ${privileges} ON "${table}" TO ${APP_ROLE}`);
}
