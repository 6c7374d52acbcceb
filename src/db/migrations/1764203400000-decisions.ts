import type { MigrationInterface, QueryRunner } from 'typeorm';
import { protectTenantTable } from '../rls';

/** The link tables of a decision: who agreed it, and what it concerns. */
const LINKS = [
  { table: 'decision_partners', column: 'partner_id', target: 'partners' },
  { table: 'decision_stages', column: 'stage_id', target: 'stages' },
  { table: 'decision_challenges', column: 'challenge_id', target: 'challenges' },
  { table: 'decision_principles', column: 'principle_id', target: 'principles' },
] as const;

/**
 * The decision log (issue #18): what a project's partnership decided, on which day, with which
 * partners agreeing, and which stages, challenges and principles it concerns. Tenant tables like
 * every other (organisation_id leads every key; foreign keys are composite with it, so a link
 * cannot point into another organisation; row-level security on the organisation). A decision is a
 * record of what was agreed: the request role may insert and read, never update or delete it or its
 * links (a project's or an organisation's deletion cascades as the tables' owner).
 *
 * The link tables have no id of their own: the pair is the key, as stage_dependencies'.
 */
export class Decisions1764203400000 implements MigrationInterface {
  name = 'Decisions1764203400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE decisions (
      organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT uuid_v7(),
      created_at timestamptz NOT NULL DEFAULT now(),
      project_id uuid NOT NULL,
      decided_on date NOT NULL,
      text text NOT NULL CHECK (char_length(text) <= 10000),
      recorded_by_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
      recorded_by_api_key_id uuid,
      PRIMARY KEY (organisation_id, id),
      FOREIGN KEY (organisation_id, project_id) REFERENCES projects (organisation_id, id) ON DELETE CASCADE
    )`);
    // Query.decisions and Project.decisions: newest first, the organisation's or one project's.
    await q.query(`CREATE INDEX decisions_listing_idx ON decisions (organisation_id, created_at, id)`);
    await q.query(`CREATE INDEX decisions_project_idx ON decisions (organisation_id, project_id, created_at, id)`);
    await q.query(`CREATE INDEX decisions_user_idx ON decisions (organisation_id, recorded_by_user_id) WHERE recorded_by_user_id IS NOT NULL`);
    await protectTenantTable(q, 'decisions', 'SELECT, INSERT');

    for (const { table, column, target } of LINKS) {
      await q.query(`CREATE TABLE ${table} (
        organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
        decision_id uuid NOT NULL,
        ${column} uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organisation_id, decision_id, ${column}),
        FOREIGN KEY (organisation_id, decision_id) REFERENCES decisions (organisation_id, id) ON DELETE CASCADE,
        FOREIGN KEY (organisation_id, ${column}) REFERENCES ${target} (organisation_id, id) ON DELETE CASCADE
      )`);
      await q.query(`CREATE INDEX ${table}_${column.replace(/_id$/, '')}_idx ON ${table} (organisation_id, ${column})`);
      await protectTenantTable(q, table, 'SELECT, INSERT');
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const { table } of LINKS) await q.query(`DROP TABLE ${table}`);
    await q.query(`DROP TABLE decisions`);
  }
}
