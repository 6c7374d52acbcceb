import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A global id (src/common/global-id.ts) in SQL: base64url of 'Type:uuid', short enough never to wrap. */
const globalId = (type: string, column: string) => `rtrim(translate(encode(convert_to('${type}:' || ${column}::text, 'UTF8'), 'base64'), '+/', '-_'), '=')`;

/**
 * Only a partner speaks for itself (issue 15): agreements and challenges say who spoke (the
 * representative), who recorded it (the user), whether that was on the partner's behalf and on
 * what evidence; agreements keep the version of the principle they were given; challenges get an
 * owner and a due date. Principles already carry `version` (1764201700000), which every change of
 * their wording now raises for clients to see.
 *
 * Rows written before this were never checked, so they are marked as on behalf, with that said as
 * their evidence (an honest account rather than the claim that the partner itself spoke). An
 * agreement names the partner's representative whose name it was signed with, when exactly one has
 * that name; it keeps the version its principle has now (it counted for that wording until now).
 * Who recorded an agreement and who raised a challenge come from the activity log, which names the
 * actor of each event. Tenant tables (and users) force row-level security on their owner too, so
 * it is lifted for the backfill and put back, as 1764202400000 does.
 */
export class SpeakingForPartners1764202600000 implements MigrationInterface {
  name = 'SpeakingForPartners1764202600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agreements
      ADD COLUMN principle_version int,
      ADD COLUMN on_behalf boolean NOT NULL DEFAULT false,
      ADD COLUMN representative_id uuid,
      ADD COLUMN recorded_by_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
      ADD COLUMN evidence text CHECK (char_length(evidence) <= 10000),
      ADD CONSTRAINT agreements_representative_fkey FOREIGN KEY (organisation_id, representative_id) REFERENCES representatives (organisation_id, id)`);
    await q.query(`ALTER TABLE challenges
      ADD COLUMN raised_by_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
      ADD COLUMN on_behalf boolean NOT NULL DEFAULT false,
      ADD COLUMN representative_id uuid,
      ADD COLUMN evidence text CHECK (char_length(evidence) <= 10000),
      ADD COLUMN owner_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
      ADD COLUMN due_date date,
      ADD CONSTRAINT challenges_representative_fkey FOREIGN KEY (organisation_id, representative_id) REFERENCES representatives (organisation_id, id)`);

    const forced = ['agreements', 'challenges', 'principles', 'representatives', 'activity_events', 'users'];
    for (const table of forced) await q.query(`ALTER TABLE ${table} NO FORCE ROW LEVEL SECURITY`);
    await q.query(`UPDATE agreements a SET principle_version = p.version FROM principles p WHERE p.organisation_id = a.organisation_id AND p.id = a.principle_id`);
    await q.query(`UPDATE agreements a SET on_behalf = true,
        evidence = 'Recorded before agreements had to come from the partner''s own representatives; signed by ' || a.signed_by,
        representative_id = (SELECT min(r.id::text)::uuid FROM representatives r
                              WHERE r.organisation_id = a.organisation_id AND r.partner_id = a.partner_id AND lower(trim(r.name)) = lower(trim(a.signed_by))
                             HAVING count(*) = 1),
        recorded_by_user_id = (SELECT e.actor_user_id FROM activity_events e
                                WHERE e.organisation_id = a.organisation_id AND e.type = 'AGREEMENT_RECORDED' AND e.project_id = a.project_id
                                  AND e.data->>'partnerId' = ${globalId('Partner', 'a.partner_id')}
                                  AND e.data->'principleIds' ? ${globalId('Principle', 'a.principle_id')}
                                  AND EXISTS (SELECT 1 FROM users u WHERE u.id = e.actor_user_id)
                                ORDER BY e.seq DESC LIMIT 1)`);
    await q.query(`UPDATE challenges c SET on_behalf = true,
        evidence = 'Raised before challenges had to come from the partner''s own representatives',
        raised_by_user_id = (SELECT e.actor_user_id FROM activity_events e
                              WHERE e.organisation_id = c.organisation_id AND e.type = 'CHALLENGE_RAISED' AND e.entity_id = c.id
                                AND EXISTS (SELECT 1 FROM users u WHERE u.id = e.actor_user_id)
                              ORDER BY e.seq LIMIT 1)`);
    for (const table of forced.reverse()) await q.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);

    await q.query(`ALTER TABLE agreements ALTER COLUMN principle_version SET NOT NULL,
      ADD CONSTRAINT agreements_principle_version_positive CHECK (principle_version >= 1),
      ADD CONSTRAINT agreements_on_behalf_needs_evidence CHECK (NOT on_behalf OR evidence IS NOT NULL)`);
    await q.query(`ALTER TABLE challenges ADD CONSTRAINT challenges_on_behalf_needs_evidence CHECK (NOT on_behalf OR evidence IS NOT NULL)`);

    await q.query(`CREATE INDEX agreements_representative_idx ON agreements (organisation_id, representative_id) WHERE representative_id IS NOT NULL`);
    await q.query(`CREATE INDEX agreements_recorded_by_idx ON agreements (organisation_id, recorded_by_user_id) WHERE recorded_by_user_id IS NOT NULL`);
    await q.query(`CREATE INDEX challenges_representative_idx ON challenges (organisation_id, representative_id) WHERE representative_id IS NOT NULL`);
    await q.query(`CREATE INDEX challenges_raised_by_user_idx ON challenges (organisation_id, raised_by_user_id) WHERE raised_by_user_id IS NOT NULL`);
    await q.query(`CREATE INDEX challenges_owner_idx ON challenges (organisation_id, owner_user_id) WHERE owner_user_id IS NOT NULL`);
    // Query.challenges pages newest first by (created_at, id), with and without the status filter
    // (overdue is a status filter and a due date: few rows per organisation are OPEN).
    await q.query(`CREATE INDEX challenges_listing_idx ON challenges (organisation_id, created_at, id)`);
    await q.query(`CREATE INDEX challenges_status_idx ON challenges (organisation_id, status, created_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX challenges_status_idx, challenges_listing_idx, challenges_owner_idx, challenges_raised_by_user_idx,
      challenges_representative_idx, agreements_recorded_by_idx, agreements_representative_idx`);
    await q.query(`ALTER TABLE challenges DROP CONSTRAINT challenges_on_behalf_needs_evidence, DROP CONSTRAINT challenges_representative_fkey,
      DROP COLUMN due_date, DROP COLUMN owner_user_id, DROP COLUMN evidence, DROP COLUMN representative_id, DROP COLUMN on_behalf, DROP COLUMN raised_by_user_id`);
    await q.query(`ALTER TABLE agreements DROP CONSTRAINT agreements_on_behalf_needs_evidence, DROP CONSTRAINT agreements_principle_version_positive,
      DROP CONSTRAINT agreements_representative_fkey,
      DROP COLUMN evidence, DROP COLUMN recorded_by_user_id, DROP COLUMN representative_id, DROP COLUMN on_behalf, DROP COLUMN principle_version`);
  }
}
