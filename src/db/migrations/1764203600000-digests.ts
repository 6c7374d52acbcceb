import type { MigrationInterface, QueryRunner } from 'typeorm';
import { protectTenantTable } from '../rls';

/** The transaction-scoped setting that lets the digest tick list organisations' ids (src/modules/digests/digest.tick.ts). */
export const DIGEST_TICK_SETTING = 'app.digest_tick';

/**
 * Reminders and digests by mail (issue #18). Tenant tables like every other (organisation_id
 * leads every key; row-level security on the organisation):
 *
 * - `digest_settings`: a member's choice (DAILY, WEEKLY or NONE; an IANA time zone; the ISO
 *   weekday of a weekly digest). One row per membership, made on the first change: a membership
 *   without one has the defaults (src/modules/digests/digest.settings.ts).
 * - `digest_deliveries`: one row per (membership, period), claimed and committed before the mail
 *   is sent and marked SENT (or EMPTY: nothing to say) afterwards; FAILED when the mail server
 *   refused it, which a later tick may claim again. The unique key is what makes a digest go out at
 *   most once, whatever retries, replicas or crashes do.
 *
 * The periodic tick must find the organisations to look at before it can act for any of them: a
 * policy lets a transaction that sets `app.digest_tick` read organisations' rows (it selects only
 * their ids), as `app.user_email` opens one account's row to signing in. Only the tick sets it.
 */
export class Digests1764203600000 implements MigrationInterface {
  name = 'Digests1764203600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE digest_settings (
      organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
      membership_id uuid NOT NULL,
      frequency text NOT NULL CHECK (frequency IN ('DAILY', 'WEEKLY', 'NONE')),
      time_zone text NOT NULL CHECK (char_length(time_zone) <= 64),
      weekday smallint NOT NULL DEFAULT 1 CHECK (weekday BETWEEN 1 AND 7),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (organisation_id, membership_id),
      FOREIGN KEY (organisation_id, membership_id) REFERENCES memberships (organisation_id, id) ON DELETE CASCADE
    )`);
    await protectTenantTable(q, 'digest_settings', 'SELECT, INSERT, UPDATE');

    await q.query(`CREATE TABLE digest_deliveries (
      organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT uuid_v7(),
      created_at timestamptz NOT NULL DEFAULT now(),
      membership_id uuid NOT NULL,
      period_key text NOT NULL CHECK (char_length(period_key) <= 64),
      status text NOT NULL DEFAULT 'CLAIMED' CHECK (status IN ('CLAIMED', 'SENT', 'EMPTY', 'FAILED')),
      attempts int NOT NULL DEFAULT 1,
      job_id text,
      finished_at timestamptz,
      PRIMARY KEY (organisation_id, id),
      CONSTRAINT digest_deliveries_once UNIQUE (organisation_id, membership_id, period_key),
      FOREIGN KEY (organisation_id, membership_id) REFERENCES memberships (organisation_id, id) ON DELETE CASCADE
    )`);
    await protectTenantTable(q, 'digest_deliveries', 'SELECT, INSERT, UPDATE');

    await q.query(`CREATE POLICY digest_tick ON organisations FOR SELECT USING (current_setting('${DIGEST_TICK_SETTING}', true) = 'on')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP POLICY digest_tick ON organisations`);
    await q.query(`DROP TABLE digest_deliveries`);
    await q.query(`DROP TABLE digest_settings`);
  }
}
