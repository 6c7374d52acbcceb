import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, TENANT_PREDICATE, protectTenantTable } from '../rls';

/** Accounts, organisations, memberships, API keys, the activity log and the request role. */
export class Foundation1764201600000 implements MigrationInterface {
  name = 'Foundation1764201600000';

  async up(q: QueryRunner): Promise<void> {
    // Roles are cluster-wide: create once, and let the migrating role switch to it per transaction.
    await q.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
        CREATE ROLE ${APP_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT;
      END IF;
    END $$`);
    await q.query(`DO $$ BEGIN
      IF NOT pg_has_role(current_user, '${APP_ROLE}', 'MEMBER') THEN
        EXECUTE format('GRANT ${APP_ROLE} TO %I', current_user);
      END IF;
    END $$`);
    await q.query(`GRANT USAGE ON SCHEMA public TO ${APP_ROLE}`);

    // Users are global (one login, many organisations); not a tenant table.
    await q.query(`CREATE TABLE users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      email text NOT NULL,
      name text NOT NULL,
      password_hash text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE UNIQUE INDEX users_email_key ON users (lower(email))`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON users TO ${APP_ROLE}`);

    await q.query(`CREATE TABLE organisations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      slug text NOT NULL,
      name text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT organisations_slug_key UNIQUE (slug)
    )`);

    await q.query(`CREATE TABLE memberships (
      organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      role text NOT NULL CHECK (role IN ('OWNER', 'ADMIN', 'MEMBER', 'OBSERVER')),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (organisation_id, id),
      UNIQUE (organisation_id, user_id)
    )`);
    await q.query(`CREATE INDEX memberships_user_idx ON memberships (user_id)`);
    // A member sees the organisation's memberships; a user also sees their own everywhere, which is
    // how a token finds the organisations it may act for (app.user_id is set per transaction).
    const ownMemberships = "user_id = nullif(current_setting('app.user_id', true), '')::uuid";
    await q.query(`ALTER TABLE memberships ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE memberships FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY tenant_isolation ON memberships USING (${TENANT_PREDICATE}) WITH CHECK (${TENANT_PREDICATE})`);
    await q.query(`CREATE POLICY own_memberships ON memberships FOR SELECT USING (${ownMemberships})`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON memberships TO ${APP_ROLE}`);

    await q.query(`ALTER TABLE organisations ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE organisations FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY current_organisation ON organisations
      USING (id = nullif(current_setting('app.organisation_id', true), '')::uuid)
      WITH CHECK (id = nullif(current_setting('app.organisation_id', true), '')::uuid)`);
    await q.query(`CREATE POLICY member_organisations ON organisations FOR SELECT
      USING (id IN (SELECT organisation_id FROM memberships WHERE ${ownMemberships}))`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON organisations TO ${APP_ROLE}`);

    await q.query(`CREATE TABLE api_keys (
      organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      name text NOT NULL,
      role text NOT NULL CHECK (role IN ('OWNER', 'ADMIN', 'MEMBER', 'OBSERVER')),
      secret_hash text NOT NULL,
      created_by uuid REFERENCES users (id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz,
      PRIMARY KEY (organisation_id, id)
    )`);
    await protectTenantTable(q, 'api_keys');

    // The activity log: the audit trail and the source of live events. `seq` is allocated per
    // organisation under a row lock on organisation_event_counters, so seq order is commit order.
    await q.query(`CREATE TABLE organisation_event_counters (
      organisation_id uuid PRIMARY KEY REFERENCES organisations (id) ON DELETE CASCADE,
      last_seq bigint NOT NULL DEFAULT 0
    )`);
    await protectTenantTable(q, 'organisation_event_counters', 'SELECT, INSERT, UPDATE');
    await q.query(`CREATE TABLE activity_events (
      organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
      seq bigint NOT NULL,
      type text NOT NULL,
      entity_type text NOT NULL,
      entity_id uuid,
      project_id uuid,
      summary text,
      data jsonb NOT NULL DEFAULT '{}'::jsonb,
      actor_user_id uuid,
      actor_api_key_id uuid,
      occurred_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (organisation_id, seq)
    )`);
    await protectTenantTable(q, 'activity_events', 'SELECT, INSERT');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE activity_events, organisation_event_counters, api_keys, memberships, organisations, users`);
  }
}
