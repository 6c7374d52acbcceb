import { entityRead, readStatement, tenantOf } from '../../db/entity-read';
import { batched } from '../../read/batched';
import { ProjectUpdate } from './project-update.entity';

/**
 * Each project's latest update (keyed by project UUID), or null when it has none: one statement
 * per batch, which reads the end of each project's part of project_updates_project_idx.
 */
export const latestUpdateOfProject = batched<string, ProjectUpdate | null>('Project.latestUpdate', async (_read, db, projectIds) => {
  const read = entityRead(db, ProjectUpdate);
  const sql = readStatement(
    'Project.latestUpdate',
    [read],
    () =>
      `SELECT DISTINCT ON (u.project_id) ${read.select('u')} FROM project_updates u
        WHERE u.organisation_id = $1 AND u.project_id = ANY($2::uuid[])
        ORDER BY u.project_id, u.created_at DESC, u.id DESC`,
  );
  const found = read.toEntities<ProjectUpdate>(await db.read(sql, [tenantOf(db), [...projectIds]]));
  const byProject = new Map(found.map((update) => [update.projectId, update]));
  return projectIds.map((id) => byProject.get(id) ?? null);
});
