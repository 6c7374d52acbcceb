/** The dashboard query of issue 6, exactly as the bench sends it to the server. */
export const DASHBOARD_QUERY = `{
  organisation { name }
  projects(first: 20) { nodes {
    id name status
    progress { percentComplete late }
    stages { id title status dueDate owner { id name kind } }
    evaluations { measures { name baseline target latest { value date } } }
  } }
}`;

/** base64url("<Type>:<uuid>") in SQL: the service's global id (src/common/global-id.ts). */
const gid = (type: string, column: string) => `translate(encode(convert_to('${type}:' || ${column}::text, 'UTF8'), 'base64'), E'+/=\\n', '-_')`;

/**
 * The same JSON as the server's `data` for {@link DASHBOARD_QUERY}, in one statement: the
 * practical limit the issue measures the server against. $1 organisation id, $2 today (UTC,
 * 'YYYY-MM-DD', the day progress counts lateness against), $3 API key id, $4 the key's SHA-256:
 * no row unless the key is valid and unrevoked, so the baseline authenticates as the server does.
 * The tenant predicate is written on every table; row-level security (when the transaction sets
 * it) is the second wall, as in the server.
 */
export const DASHBOARD_SQL = `
SELECT json_build_object(
  'organisation', (SELECT json_build_object('name', o.name) FROM organisations o WHERE o.id = $1),
  'projects', json_build_object('nodes', coalesce((
    SELECT json_agg(json_build_object(
      'id', ${gid('Project', 'p.id')},
      'name', p.name,
      'status', p.status,
      'progress', (
        SELECT json_build_object(
          'percentComplete', CASE WHEN c.total = 0 THEN 0 ELSE (round(1000.0 * c.done / c.total) / 10)::float8 END,
          'late', c.late)
          FROM (SELECT count(*) FILTER (WHERE s.status <> 'CANCELLED') AS total,
                       count(*) FILTER (WHERE s.status = 'DONE') AS done,
                       count(*) FILTER (WHERE s.due_date < $2::date AND s.status NOT IN ('DONE', 'CANCELLED')) AS late
                  FROM stages s WHERE s.organisation_id = $1 AND s.project_id = p.id) c),
      'stages', coalesce((
        SELECT json_agg(json_build_object(
          'id', ${gid('Stage', 's.id')},
          'title', s.title,
          'status', s.status,
          'dueDate', s.due_date,
          'owner', CASE WHEN w.id IS NULL THEN NULL ELSE json_build_object('id', ${gid('Partner', 'w.id')}, 'name', w.name, 'kind', w.kind) END
        ) ORDER BY s.position, s.id)
          FROM stages s
          LEFT JOIN partners w ON w.organisation_id = s.organisation_id AND w.id = s.owner_partner_id
         WHERE s.organisation_id = $1 AND s.project_id = p.id), '[]'::json),
      'evaluations', coalesce((
        SELECT json_agg(json_build_object('measures', coalesce((
          SELECT json_agg(json_build_object(
            'name', m.name,
            'baseline', m.baseline,
            'target', m.target,
            'latest', (SELECT json_build_object('value', x.value, 'date', x.date)
                         FROM measurements x
                        WHERE x.organisation_id = $1 AND x.id = m.latest_measurement_id)
          ) ORDER BY m.position, m.created_at, m.id)
            FROM measures m WHERE m.organisation_id = $1 AND m.evaluation_id = e.id), '[]'::json)
        ) ORDER BY e.created_at, e.id)
          FROM evaluations e WHERE e.organisation_id = $1 AND e.project_id = p.id), '[]'::json)
    ) ORDER BY p.created_at, p.id)
      FROM (SELECT * FROM projects WHERE organisation_id = $1 ORDER BY created_at, id LIMIT 20) p), '[]'::json))
)::text AS data
WHERE EXISTS (SELECT 1 FROM api_keys k WHERE k.organisation_id = $1 AND k.id = $3 AND k.secret_hash = $4 AND k.revoked_at IS NULL)`;
