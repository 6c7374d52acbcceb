import type { DataSource } from 'typeorm';
import type { TestServer } from './harness';
import { uuidOf } from './ids';

// White-box reads and writes through `server.sql` (the database owner, outside row-level security).

/** One row of the activity log, as stored. */
export interface ActivityRow {
  type: string;
  entity_type: string;
  entity_id: string | null;
  project_id: string | null;
  summary: string | null;
  data: any;
  actor_user_id: string | null;
  actor_api_key_id: string | null;
}

/** The organisation's activity log, oldest first. */
export function activityRows(server: TestServer, organisationUuid: string): Promise<ActivityRow[]> {
  return server.sql<ActivityRow>(
    `SELECT type, entity_type, entity_id, project_id, summary, data, actor_user_id, actor_api_key_id
       FROM activity_events WHERE organisation_id = $1 ORDER BY seq`,
    [organisationUuid],
  );
}

/** The types of the organisation's activity log, oldest first. */
export async function activityTypes(server: TestServer, organisationUuid: string): Promise<string[]> {
  return (await activityRows(server, organisationUuid)).map((row) => row.type);
}

interface TenantTable {
  /** The table name, quoted for SQL. */
  relation: string;
  /** The primary key columns as an ORDER BY list on alias `t`; null for a table without one. */
  orderBy: string | null;
}

// The schema does not change while a server runs: discover the tenant tables once per database.
const tenantTables = new WeakMap<DataSource, Promise<TenantTable[]>>();

function discoverTenantTables(server: TestServer): Promise<TenantTable[]> {
  let tables = tenantTables.get(server.dataSource);
  if (!tables) {
    tables = server.sql<TenantTable>(
      `SELECT quote_ident(col.table_name) AS relation,
              (SELECT string_agg('t.' || quote_ident(key.column_name), ', ' ORDER BY key.ordinal_position)
                 FROM information_schema.table_constraints con
                 JOIN information_schema.key_column_usage key
                   ON key.constraint_schema = con.constraint_schema AND key.constraint_name = con.constraint_name
                  AND key.table_name = con.table_name
                WHERE con.table_schema = col.table_schema AND con.table_name = col.table_name
                  AND con.constraint_type = 'PRIMARY KEY') AS "orderBy"
         FROM information_schema.columns col
         JOIN information_schema.tables tab ON tab.table_schema = col.table_schema AND tab.table_name = col.table_name
        WHERE col.table_schema = 'public' AND col.column_name = 'organisation_id' AND tab.table_type = 'BASE TABLE'
        ORDER BY col.table_name`,
    );
    tenantTables.set(server.dataSource, tables);
  }
  return tables;
}

/**
 * Every row of every tenant table (each table with an `organisation_id` column, found in
 * information_schema) that belongs to the organisation, by table name and then primary key, as
 * JSON (timestamps keep their microseconds). Equal snapshots before and after a refused mutation,
 * or before and after another organisation's attempts, mean nothing of this organisation changed.
 */
export async function tenantSnapshot(server: TestServer, organisationUuid: string): Promise<Record<string, unknown[]>> {
  const tables = await discoverTenantTables(server);
  if (tables.length === 0) throw new Error('No table has an organisation_id column: is the database migrated?');
  const columns = tables.map(
    ({ relation, orderBy }) => `(SELECT coalesce(json_agg(t ORDER BY ${orderBy ?? 't::text'}), '[]'::json) FROM ${relation} AS t WHERE t.organisation_id = $1) AS ${relation}`,
  );
  const [snapshot] = await server.sql<Record<string, unknown[]>>(`SELECT ${columns.join(',\n')}`, [organisationUuid]);
  return snapshot!;
}

/**
 * Puts a project straight into `status` in the database, skipping the state machine and the
 * agreement rule: for tests of what a project in that status allows.
 */
export async function setProjectStatus(server: TestServer, projectId: string, status: string): Promise<void> {
  await server.sql('UPDATE projects SET status = $1 WHERE id = $2', [status, uuidOf(projectId)]);
}
