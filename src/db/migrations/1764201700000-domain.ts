import type { MigrationInterface, QueryRunner } from 'typeorm';
import { protectTenantTable } from '../rls';

/**
 * The partnership domain: partners, principles, projects and agreements, the action plan (stages,
 * dependencies, celebrations), challenges, and evaluations with their measures and involvements.
 *
 * Every table is a tenant table: `organisation_id` leads its primary key, every unique constraint and
 * every index, and every foreign key between tenant tables is composite, so a row can never point
 * into another organisation. Length checks are a backstop behind the application's validation.
 */
export class Domain1764201700000 implements MigrationInterface {
  name = 'Domain1764201700000';

  async up(q: QueryRunner): Promise<void> {
    const tenant = `organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      created_at timestamptz NOT NULL DEFAULT now()`;

    await q.query(`CREATE TABLE partners (
      ${tenant},
      name text NOT NULL CHECK (char_length(name) <= 200),
      kind text NOT NULL CHECK (kind IN ('MANAGEMENT', 'STAFF', 'TRADE_UNION', 'SERVICE_USERS', 'CARERS', 'COMMISSIONER', 'OTHER')),
      description text CHECK (char_length(description) <= 10000),
      version int NOT NULL DEFAULT 1,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (organisation_id, id)
    )`);
    // Connections page by (created_at, id), with and without the kind filter.
    await q.query(`CREATE INDEX partners_listing_idx ON partners (organisation_id, created_at, id)`);
    await q.query(`CREATE INDEX partners_kind_idx ON partners (organisation_id, kind, created_at, id)`);
    await protectTenantTable(q, 'partners');

    await q.query(`CREATE TABLE representatives (
      ${tenant},
      partner_id uuid NOT NULL,
      name text NOT NULL CHECK (char_length(name) <= 200),
      role_title text CHECK (char_length(role_title) <= 200),
      email text CHECK (char_length(email) <= 320),
      user_id uuid REFERENCES users (id) ON DELETE SET NULL,
      PRIMARY KEY (organisation_id, id),
      FOREIGN KEY (organisation_id, partner_id) REFERENCES partners (organisation_id, id) ON DELETE CASCADE
    )`);
    await q.query(`CREATE INDEX representatives_partner_idx ON representatives (organisation_id, partner_id)`);
    await q.query(`CREATE INDEX representatives_user_idx ON representatives (organisation_id, user_id) WHERE user_id IS NOT NULL`);
    await protectTenantTable(q, 'representatives');

    await q.query(`CREATE TABLE principles (
      ${tenant},
      title text NOT NULL CHECK (char_length(title) <= 200),
      description text CHECK (char_length(description) <= 10000),
      position int NOT NULL,
      source text CHECK (char_length(source) <= 200),
      set_key text CHECK (char_length(set_key) <= 200),
      version int NOT NULL DEFAULT 1,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (organisation_id, id),
      CONSTRAINT principles_set_key_key UNIQUE (organisation_id, set_key)
    )`);
    await q.query(`CREATE INDEX principles_position_idx ON principles (organisation_id, position)`);
    await protectTenantTable(q, 'principles');

    await q.query(`CREATE TABLE projects (
      ${tenant},
      name text NOT NULL CHECK (char_length(name) <= 200),
      summary text CHECK (char_length(summary) <= 10000),
      goals text CHECK (char_length(goals) <= 10000),
      status text NOT NULL DEFAULT 'PROPOSED' CHECK (status IN ('PROPOSED', 'ACTIVE', 'ON_HOLD', 'COMPLETED', 'CANCELLED')),
      start_date date,
      target_date date,
      version int NOT NULL DEFAULT 1,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (organisation_id, id),
      CONSTRAINT projects_target_after_start CHECK (target_date >= start_date)
    )`);
    await q.query(`CREATE INDEX projects_listing_idx ON projects (organisation_id, created_at, id)`);
    await q.query(`CREATE INDEX projects_status_idx ON projects (organisation_id, status, created_at, id)`);
    await protectTenantTable(q, 'projects');

    await q.query(`CREATE TABLE project_partners (
      ${tenant},
      project_id uuid NOT NULL,
      partner_id uuid NOT NULL,
      role text NOT NULL CHECK (role IN ('LEAD', 'MEMBER', 'CONSULTED')),
      PRIMARY KEY (organisation_id, id),
      CONSTRAINT project_partners_project_partner_key UNIQUE (organisation_id, project_id, partner_id),
      FOREIGN KEY (organisation_id, project_id) REFERENCES projects (organisation_id, id) ON DELETE CASCADE,
      FOREIGN KEY (organisation_id, partner_id) REFERENCES partners (organisation_id, id)
    )`);
    await q.query(`CREATE INDEX project_partners_partner_idx ON project_partners (organisation_id, partner_id)`);
    await protectTenantTable(q, 'project_partners');

    await q.query(`CREATE TABLE project_principles (
      ${tenant},
      project_id uuid NOT NULL,
      principle_id uuid NOT NULL,
      PRIMARY KEY (organisation_id, id),
      CONSTRAINT project_principles_project_principle_key UNIQUE (organisation_id, project_id, principle_id),
      FOREIGN KEY (organisation_id, project_id) REFERENCES projects (organisation_id, id) ON DELETE CASCADE,
      FOREIGN KEY (organisation_id, principle_id) REFERENCES principles (organisation_id, id)
    )`);
    await q.query(`CREATE INDEX project_principles_principle_idx ON project_principles (organisation_id, principle_id)`);
    await protectTenantTable(q, 'project_principles');

    await q.query(`CREATE TABLE agreements (
      ${tenant},
      project_id uuid NOT NULL,
      partner_id uuid NOT NULL,
      principle_id uuid NOT NULL,
      signed_by text NOT NULL CHECK (char_length(signed_by) <= 200),
      note text CHECK (char_length(note) <= 10000),
      agreed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (organisation_id, id),
      CONSTRAINT agreements_project_partner_principle_key UNIQUE (organisation_id, project_id, partner_id, principle_id),
      FOREIGN KEY (organisation_id, project_id) REFERENCES projects (organisation_id, id) ON DELETE CASCADE,
      FOREIGN KEY (organisation_id, partner_id) REFERENCES partners (organisation_id, id),
      FOREIGN KEY (organisation_id, principle_id) REFERENCES principles (organisation_id, id)
    )`);
    await q.query(`CREATE INDEX agreements_partner_idx ON agreements (organisation_id, partner_id)`);
    await q.query(`CREATE INDEX agreements_principle_idx ON agreements (organisation_id, principle_id)`);
    await protectTenantTable(q, 'agreements');

    // Re-ordering shifts positions inside one transaction, so position uniqueness is checked at
    // commit. (organisation_id, project_id, id) is what dependencies reference to stay in one project.
    await q.query(`CREATE TABLE stages (
      ${tenant},
      project_id uuid NOT NULL,
      title text NOT NULL CHECK (char_length(title) <= 200),
      description text CHECK (char_length(description) <= 10000),
      position int NOT NULL CHECK (position >= 0),
      status text NOT NULL DEFAULT 'NOT_STARTED' CHECK (status IN ('NOT_STARTED', 'IN_PROGRESS', 'BLOCKED', 'DONE', 'CANCELLED')),
      owner_partner_id uuid,
      due_date date,
      started_at timestamptz,
      completed_at timestamptz,
      completed_by_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
      blocked_reason text CHECK (char_length(blocked_reason) <= 10000),
      version int NOT NULL DEFAULT 1,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (organisation_id, id),
      CONSTRAINT stages_project_position_key UNIQUE (organisation_id, project_id, position) DEFERRABLE INITIALLY DEFERRED,
      CONSTRAINT stages_project_id_key UNIQUE (organisation_id, project_id, id),
      CONSTRAINT stages_blocked_needs_reason CHECK (status <> 'BLOCKED' OR blocked_reason IS NOT NULL),
      CONSTRAINT stages_done_needs_completed_at CHECK (status <> 'DONE' OR completed_at IS NOT NULL),
      FOREIGN KEY (organisation_id, project_id) REFERENCES projects (organisation_id, id) ON DELETE CASCADE,
      FOREIGN KEY (organisation_id, owner_partner_id) REFERENCES partners (organisation_id, id)
    )`);
    await q.query(`CREATE INDEX stages_owner_idx ON stages (organisation_id, owner_partner_id) WHERE owner_partner_id IS NOT NULL`);
    await q.query(`CREATE INDEX stages_completed_by_idx ON stages (organisation_id, completed_by_user_id) WHERE completed_by_user_id IS NOT NULL`);
    await protectTenantTable(q, 'stages');

    // No id: a dependency is its pair. Both ends reference (organisation_id, project_id, id), so a
    // stage can only depend on a stage of its own project.
    await q.query(`CREATE TABLE stage_dependencies (
      organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
      project_id uuid NOT NULL,
      stage_id uuid NOT NULL,
      depends_on_stage_id uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (organisation_id, stage_id, depends_on_stage_id),
      CONSTRAINT stage_dependencies_not_self CHECK (stage_id <> depends_on_stage_id),
      FOREIGN KEY (organisation_id, project_id, stage_id) REFERENCES stages (organisation_id, project_id, id) ON DELETE CASCADE,
      FOREIGN KEY (organisation_id, project_id, depends_on_stage_id) REFERENCES stages (organisation_id, project_id, id) ON DELETE CASCADE
    )`);
    await q.query(`CREATE INDEX stage_dependencies_project_idx ON stage_dependencies (organisation_id, project_id)`);
    await q.query(`CREATE INDEX stage_dependencies_depends_on_idx ON stage_dependencies (organisation_id, depends_on_stage_id)`);
    await protectTenantTable(q, 'stage_dependencies');

    await q.query(`CREATE TABLE celebrations (
      ${tenant},
      stage_id uuid NOT NULL,
      message text CHECK (char_length(message) <= 10000),
      acknowledged_by_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
      acknowledged_by_api_key_id uuid,
      PRIMARY KEY (organisation_id, id),
      FOREIGN KEY (organisation_id, stage_id) REFERENCES stages (organisation_id, id) ON DELETE CASCADE
    )`);
    await q.query(`CREATE INDEX celebrations_stage_idx ON celebrations (organisation_id, stage_id, created_at)`);
    await q.query(`CREATE INDEX celebrations_user_idx ON celebrations (organisation_id, acknowledged_by_user_id) WHERE acknowledged_by_user_id IS NOT NULL`);
    await protectTenantTable(q, 'celebrations');

    // The stage a challenge concerns must be a stage of the challenge's project (checked only when
    // set). ON DELETE SET NULL cannot be used: it would null organisation_id and project_id too.
    await q.query(`CREATE TABLE challenges (
      ${tenant},
      project_id uuid NOT NULL,
      raised_by_partner_id uuid NOT NULL,
      principle_id uuid NOT NULL,
      description text NOT NULL CHECK (char_length(description) <= 10000),
      concerns_partner_id uuid,
      concerns_stage_id uuid,
      status text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'RESOLVED', 'WITHDRAWN')),
      resolution text CHECK (char_length(resolution) <= 10000),
      closed_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (organisation_id, id),
      CONSTRAINT challenges_resolved_needs_resolution CHECK (status <> 'RESOLVED' OR resolution IS NOT NULL),
      FOREIGN KEY (organisation_id, project_id) REFERENCES projects (organisation_id, id) ON DELETE CASCADE,
      FOREIGN KEY (organisation_id, raised_by_partner_id) REFERENCES partners (organisation_id, id),
      FOREIGN KEY (organisation_id, principle_id) REFERENCES principles (organisation_id, id),
      FOREIGN KEY (organisation_id, concerns_partner_id) REFERENCES partners (organisation_id, id),
      FOREIGN KEY (organisation_id, project_id, concerns_stage_id) REFERENCES stages (organisation_id, project_id, id)
    )`);
    await q.query(`CREATE INDEX challenges_project_idx ON challenges (organisation_id, project_id)`);
    await q.query(`CREATE INDEX challenges_raised_by_idx ON challenges (organisation_id, raised_by_partner_id)`);
    await q.query(`CREATE INDEX challenges_principle_idx ON challenges (organisation_id, principle_id)`);
    await q.query(`CREATE INDEX challenges_concerns_partner_idx ON challenges (organisation_id, concerns_partner_id) WHERE concerns_partner_id IS NOT NULL`);
    await q.query(`CREATE INDEX challenges_concerns_stage_idx ON challenges (organisation_id, concerns_stage_id) WHERE concerns_stage_id IS NOT NULL`);
    await protectTenantTable(q, 'challenges');

    // The stage an evaluation is tied to must belong to the evaluation's project (checked only when set).
    await q.query(`CREATE TABLE evaluations (
      ${tenant},
      project_id uuid NOT NULL,
      stage_id uuid,
      title text NOT NULL CHECK (char_length(title) <= 200),
      status text NOT NULL DEFAULT 'DRAFT' CHECK (status IN ('DRAFT', 'IN_PROGRESS', 'PUBLISHED')),
      published_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (organisation_id, id),
      CONSTRAINT evaluations_published_needs_published_at CHECK (status <> 'PUBLISHED' OR published_at IS NOT NULL),
      FOREIGN KEY (organisation_id, project_id) REFERENCES projects (organisation_id, id) ON DELETE CASCADE,
      FOREIGN KEY (organisation_id, project_id, stage_id) REFERENCES stages (organisation_id, project_id, id)
    )`);
    await q.query(`CREATE INDEX evaluations_project_idx ON evaluations (organisation_id, project_id)`);
    await q.query(`CREATE INDEX evaluations_stage_idx ON evaluations (organisation_id, stage_id) WHERE stage_id IS NOT NULL`);
    await protectTenantTable(q, 'evaluations');

    await q.query(`CREATE TABLE measures (
      ${tenant},
      evaluation_id uuid NOT NULL,
      name text NOT NULL CHECK (char_length(name) <= 200),
      unit text CHECK (char_length(unit) <= 200),
      baseline double precision,
      target double precision,
      direction text NOT NULL CHECK (direction IN ('HIGHER_IS_BETTER', 'LOWER_IS_BETTER')),
      position int NOT NULL DEFAULT 0,
      PRIMARY KEY (organisation_id, id),
      FOREIGN KEY (organisation_id, evaluation_id) REFERENCES evaluations (organisation_id, id) ON DELETE CASCADE
    )`);
    await q.query(`CREATE INDEX measures_evaluation_idx ON measures (organisation_id, evaluation_id, position)`);
    await protectTenantTable(q, 'measures');

    await q.query(`CREATE TABLE measurements (
      ${tenant},
      measure_id uuid NOT NULL,
      value double precision NOT NULL,
      date date NOT NULL,
      source text CHECK (char_length(source) <= 10000),
      note text CHECK (char_length(note) <= 10000),
      recorded_by_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
      PRIMARY KEY (organisation_id, id),
      FOREIGN KEY (organisation_id, measure_id) REFERENCES measures (organisation_id, id) ON DELETE CASCADE
    )`);
    // The latest measurement of a measure: latest date, ties broken by the one recorded last.
    await q.query(`CREATE INDEX measurements_latest_idx ON measurements (organisation_id, measure_id, date DESC, created_at DESC)`);
    await q.query(`CREATE INDEX measurements_recorded_by_idx ON measurements (organisation_id, recorded_by_user_id) WHERE recorded_by_user_id IS NOT NULL`);
    await protectTenantTable(q, 'measurements');

    await q.query(`CREATE TABLE involvements (
      ${tenant},
      evaluation_id uuid NOT NULL,
      partner_id uuid NOT NULL,
      summary text NOT NULL CHECK (char_length(summary) <= 10000),
      date date NOT NULL,
      PRIMARY KEY (organisation_id, id),
      FOREIGN KEY (organisation_id, evaluation_id) REFERENCES evaluations (organisation_id, id) ON DELETE CASCADE,
      FOREIGN KEY (organisation_id, partner_id) REFERENCES partners (organisation_id, id)
    )`);
    await q.query(`CREATE INDEX involvements_evaluation_idx ON involvements (organisation_id, evaluation_id, date)`);
    await q.query(`CREATE INDEX involvements_partner_idx ON involvements (organisation_id, partner_id)`);
    await protectTenantTable(q, 'involvements');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE
      involvements, measurements, measures, evaluations, challenges, celebrations, stage_dependencies,
      stages, agreements, project_principles, project_partners, projects, principles, representatives, partners`);
  }
}
