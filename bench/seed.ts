import { Client } from 'pg';
import { newApiKeySecret } from '../src/auth/api-key-secret';
import { newRowId } from '../src/db/row-id';
import { createEventCounter } from '../src/events/event-log';

export const SHAPE = { organisations: 20, projects: 20, stages: 15, partners: 10, measures: 5, measurements: 12 } as const;

export interface SeededOrganisation {
  id: string;
  slug: string;
  /** OBSERVER API key secret (what the dashboard sends). */
  observerKey: string;
  /** A NOT_STARTED stage per fan-out round, and a MEMBER key to start them (organisation 0 only). */
  memberKey?: string;
  startableStageIds?: string[];
  /** A MEMBER key and stages to change, for the write workload (every organisation). */
  writerKey: string;
  writableStageIds: string[];
}

const KINDS = ['MANAGEMENT', 'STAFF', 'TRADE_UNION', 'SERVICE_USERS', 'CARERS', 'COMMISSIONER', 'OTHER'];

/** What {@link seed} writes beyond the 20 organisations. */
export interface SeedOptions {
  /** Organisations, each of {@link SHAPE} (default SHAPE.organisations). */
  organisations?: number;
  /**
   * Projects per organisation written after the dashboard's (newer, COMPLETED, each of the same
   * shape: stages, an evaluation, measures and measurements): history the dashboard does not show.
   */
  historyProjects?: number;
  /** Connections writing organisations at once (default 1). */
  parallel?: number;
  /** Told the number of organisations written, every 100. */
  progress?: (done: number) => void;
}

/** $3 projects of one organisation with their stages, evaluations, measures and measurements: created from $7 minutes ago on, evenly; COMPLETED when $8. */
const PROJECTS_SQL = `WITH p AS (
   INSERT INTO projects (organisation_id, name, summary, status, start_date, target_date, created_at)
   SELECT $1, CASE WHEN $8::boolean THEN 'Past project ' ELSE 'Project ' END || g, 'Improving the service with its staff and users',
          CASE WHEN $8 THEN 'COMPLETED' WHEN g % 7 = 0 THEN 'PROPOSED' ELSE 'ACTIVE' END, current_date - 90, current_date + 90,
          now() - ($3::int + 1 - g) * $7::float8 / $3::int * interval '1 minute'
     FROM generate_series(1, $3::int) g RETURNING id, name
 ), s AS (
   INSERT INTO stages (organisation_id, project_id, title, position, status, owner_partner_id, due_date,
                       started_at, completed_at, blocked_reason)
   SELECT $1, p.id, 'Stage ' || (g + 1), g,
          CASE WHEN $8 OR g < 4 THEN 'DONE' WHEN g = 4 THEN 'IN_PROGRESS' WHEN g = 5 THEN 'BLOCKED'
               WHEN g = 6 THEN 'CANCELLED' ELSE 'NOT_STARTED' END,
          CASE WHEN g % 5 = 4 THEN NULL ELSE ($2::uuid[])[1 + (g + abs(hashtext(p.id::text))) % cardinality($2::uuid[])] END,
          current_date + (g - 6) * 7,
          CASE WHEN $8 OR g <= 4 THEN now() - interval '60 days' END,
          CASE WHEN $8 OR g < 4 THEN now() - (20 - g) * interval '1 day' END,
          CASE WHEN g = 5 AND NOT $8 THEN 'Waiting for the staff side' END
     FROM p, generate_series(0, $4::int - 1) g RETURNING id
 ), e AS (
   INSERT INTO evaluations (organisation_id, project_id, title, status)
   SELECT $1, p.id, 'Impact of ' || p.name, 'IN_PROGRESS' FROM p RETURNING id
 ), m AS (
   INSERT INTO measures (organisation_id, evaluation_id, name, unit, baseline, target, direction, position)
   SELECT $1, e.id, 'Measure ' || (g + 1), 'days', 10 + g, 20 + g, 'HIGHER_IS_BETTER', g
     FROM e, generate_series(0, $5::int - 1) g RETURNING id
 )
 INSERT INTO measurements (organisation_id, measure_id, value, date)
 SELECT $1, m.id, 10 + g * 0.5, current_date - (12 - g) * 30 FROM m, generate_series(0, $6::int - 1) g`;

/**
 * Seeds the issue's data set (or a larger one, see {@link SeedOptions}) through SQL against the
 * real schema, as the database owner, one transaction per organisation with `app.organisation_id`
 * set transaction-locally and every row carrying its organisation explicitly: it works under FORCE
 * ROW LEVEL SECURITY whether or not the owner is a superuser. An organisation's rows are written
 * together (in a live database tenants' writes interleave, and a cold dashboard reads more pages).
 * API keys are made as the service makes them (src/auth/api-key-secret.ts). Ends with VACUUM
 * ANALYZE, as a database in use would have been.
 */
export async function seed(url: string, options: SeedOptions = {}): Promise<SeededOrganisation[]> {
  const count = options.organisations ?? SHAPE.organisations;
  const parallel = Math.max(1, Math.min(options.parallel ?? 1, count));
  const organisations: SeededOrganisation[] = new Array(count);
  let next = 0;
  let done = 0;
  const writer = async () => {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      for (let i = next++; i < count; i = next++) {
        organisations[i] = await seedOrganisation(client, i, options.historyProjects ?? 0);
        done += 1;
        if (done % 100 === 0) options.progress?.(done);
      }
    } finally {
      await client.end();
    }
  };
  await Promise.all(Array.from({ length: parallel }, writer));
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('VACUUM ANALYZE');
  } finally {
    await client.end();
  }
  return organisations;
}

async function seedOrganisation(client: Client, i: number, historyProjects: number): Promise<SeededOrganisation> {
  const id = newRowId();
  const slug = `bench-${i}`;
  await client.query('BEGIN');
  try {
    await client.query("SELECT set_config('app.organisation_id', $1, true)", [id]);
    await client.query('INSERT INTO organisations (id, slug, name) VALUES ($1, $2, $3)', [id, slug, `Bench Trust ${i}`]);
    await createEventCounter(client, id);
    const partners = await client.query<{ id: string }>(
      `INSERT INTO partners (organisation_id, name, kind, created_at)
       SELECT $1, 'Partner ' || g, ($2::text[])[1 + g % 7], now() - (100 - g) * interval '1 second'
         FROM generate_series(1, $3::int) g RETURNING id`,
      [id, KINDS, SHAPE.partners],
    );
    const partnerIds = partners.rows.map((row) => row.id);
    // The dashboard's projects are the oldest (it lists oldest first): history comes after them.
    await client.query(PROJECTS_SQL, [id, partnerIds, SHAPE.projects, SHAPE.stages, SHAPE.measures, SHAPE.measurements, 1000, false]);
    if (historyProjects > 0) {
      await client.query(PROJECTS_SQL, [id, partnerIds, historyProjects, SHAPE.stages, SHAPE.measures, SHAPE.measurements, 40, true]);
    }
    const observer = await insertKey(client, id, 'bench dashboard', 'OBSERVER');
    const writerKey = await insertKey(client, id, 'bench writer', 'MEMBER');
    const writable = await client.query<{ id: string }>(
      `SELECT s.id FROM stages s JOIN projects p ON p.organisation_id = s.organisation_id AND p.id = s.project_id
        WHERE s.organisation_id = $1 AND s.status = 'NOT_STARTED' ORDER BY s.id DESC LIMIT 20`,
      [id],
    );
    const organisation: SeededOrganisation = { id, slug, observerKey: observer, writerKey, writableStageIds: writable.rows.map((row) => row.id) };
    if (i === 0) {
      organisation.memberKey = await insertKey(client, id, 'bench publisher', 'MEMBER');
      const stages = await client.query<{ id: string }>(
        `SELECT s.id FROM stages s JOIN projects p ON p.organisation_id = s.organisation_id AND p.id = s.project_id
          WHERE s.organisation_id = $1 AND s.status = 'NOT_STARTED' AND p.status = 'ACTIVE' ORDER BY s.id LIMIT 100`,
        [id],
      );
      organisation.startableStageIds = stages.rows.map((row) => row.id);
    }
    await client.query('COMMIT');
    return organisation;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

async function insertKey(client: Client, organisationId: string, name: string, role: string): Promise<string> {
  const keyId = newRowId();
  const { secret, hash } = newApiKeySecret(organisationId, keyId);
  await client.query('INSERT INTO api_keys (organisation_id, id, name, role, secret_hash) VALUES ($1, $2, $3, $4, $5)', [organisationId, keyId, name, role, hash]);
  return secret;
}
